"""Support corporations' pages, one module per audience: :mod:`.public` (the directory, a corporation's
page, open data), :mod:`.corporation` (the corporation's own pages) and :mod:`.prefecture` (the designating
prefecture's review). Views stay thin: forms validate, services write, selectors read and scope."""
