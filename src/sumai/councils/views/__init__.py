"""Councils' pages: :mod:`.council` (the public directory and council pages, and the council's own editing
of its profile, members and meetings) and :mod:`.grants` (activity grants: programmes, applications and
the ministry's decisions). Views stay thin: forms validate, services write, selectors read and scope."""
