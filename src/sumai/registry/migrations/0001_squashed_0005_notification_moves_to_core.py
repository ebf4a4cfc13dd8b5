"""registry 0001–0005 squashed: a fresh database is built by this one migration.

The final state of the old chain, written by hand (``squashmigrations`` could not fold the AddField /
AddIndex / AddConstraint operations into the models): every model is created with its final fields in
the order the old chain left them (fields added later come last, so the tables are column for column
what the old chain built), its indexes and its constraints. The old chain had no data migrations.

The notice table is created in the database only, as registry 0003 created it and 0005 left it for
``core 0001`` to take over and rename; the state never holds ``registry.Notification``.

A database that applied all of 0001–0005 records this migration as applied without running it; one
that applied only some of them finishes along the old migrations. The old files stay for that reason;
a later release deletes them (and ``replaces``) once every database has passed 0005.
tests/migrations/test_squash.py checks both databases' schemas against the old chain.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [
        ('registry', '0001_initial'),
        ('registry', '0002_unit_building_vacancy_index'),
        ('registry', '0003_registration_workflow'),
        ('registry', '0004_importjob'),
        ('registry', '0005_notification_moves_to_core'),
    ]

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Building',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='building name')),
                ('postal_code', models.CharField(blank=True, max_length=7, verbose_name='postal code')),
                ('address', models.CharField(max_length=300, verbose_name='address')),
                ('authority_code', models.CharField(db_index=True, max_length=20, verbose_name='registration authority')),
                ('structure', models.CharField(choices=[('wood', 'Wooden'), ('steel', 'Steel frame'), ('rc', 'Reinforced concrete'), ('src', 'Steel-reinforced concrete'), ('other', 'Other')], max_length=10, verbose_name='structure')),
                ('floors', models.PositiveSmallIntegerField(verbose_name='floors above ground')),
                ('building_type', models.CharField(choices=[('apartment', 'Apartment building'), ('detached', 'Detached house'), ('terraced', 'Terraced house'), ('shared_house', 'Shared house')], max_length=20, verbose_name='building type')),
                ('construction_started', models.DateField(verbose_name='construction started')),
                ('lat', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('lon', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='buildings', to='places.municipality', verbose_name='municipality')),
                ('operator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='buildings', to='accounts.organisation', verbose_name='operator')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact for inquiries')),
                ('contact_phone', models.CharField(blank=True, max_length=30, verbose_name='contact phone')),
                ('management', models.CharField(choices=[('self', 'Managed by the operator'), ('entrusted', 'Entrusted to a management company')], default='self', max_length=10, verbose_name='management')),
                ('manager_name', models.CharField(blank=True, max_length=200, verbose_name='management company')),
                ('seismic_evidence', models.CharField(choices=[('start_date_proof', 'Proof of the start date (inspection certificate etc.)'), ('diagnosis', 'Seismic diagnosis report by an architect'), ('retrofit', 'Seismic retrofit completed'), ('compliance_certificate', 'Seismic compliance certificate'), ('none', 'None')], default='start_date_proof', max_length=24, verbose_name='seismic evidence')),
                ('shared_baths', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='shared baths or showers')),
                ('shared_residents', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='planned residents (shared house)')),
                ('shared_toilets', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='shared toilets')),
                ('shared_total_area_m2', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='total floor area (shared house, m²)')),
                ('shared_washbasins', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='shared washbasins')),
            ],
            options={
                'verbose_name': 'building',
                'verbose_name_plural': 'buildings',
                'indexes': [models.Index(fields=['municipality'], name='registry_bu_municip_e680a7_idx'), models.Index(fields=['operator'], name='registry_bu_operato_5e8110_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('floors__gte', 1)), name='building_floors_positive')],
            },
        ),
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=20, verbose_name='unit number')),
                ('floor', models.SmallIntegerField(verbose_name='floor')),
                ('floor_area_m2', models.DecimalField(decimal_places=2, max_digits=7, verbose_name='floor area (m²)')),
                ('layout', models.CharField(max_length=10, verbose_name='layout')),
                ('rent', models.PositiveIntegerField(verbose_name='rent (yen per month)')),
                ('common_fee', models.PositiveIntegerField(default=0, verbose_name='common fee (yen per month)')),
                ('deposit', models.PositiveIntegerField(default=0, verbose_name='deposit (yen)')),
                ('key_money', models.PositiveIntegerField(default=0, verbose_name='key money (yen)')),
                ('accepted_groups', models.JSONField(default=list, verbose_name='accepted priority groups')),
                ('dedicated', models.BooleanField(default=False, verbose_name='dedicated housing')),
                ('barrier_free', models.BooleanField(default=False, verbose_name='barrier-free')),
                ('pets_allowed', models.BooleanField(default=False, verbose_name='pets allowed')),
                ('guarantor_required', models.BooleanField(default=True, verbose_name='guarantor required')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('changes_requested', 'Changes requested'), ('registered', 'Registered'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('struck_off', 'Struck off')], default='draft', max_length=20, verbose_name='registration status')),
                ('registration_number', models.CharField(blank=True, max_length=40, verbose_name='registration number')),
                ('registered_on', models.DateField(blank=True, null=True, verbose_name='registered on')),
                ('vacancy', models.CharField(choices=[('vacant', 'Vacant'), ('occupied', 'Occupied'), ('renovation', 'Under renovation'), ('unknown', 'Unknown')], default='unknown', max_length=12, verbose_name='vacancy')),
                ('vacancy_confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='vacancy confirmed at')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('building', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='units', to='registry.building')),
                ('facilities', models.JSONField(default=dict, help_text='kitchen, toilet, bath, washbasin, storage: private, shared or none', verbose_name='facilities')),
                ('included', models.BooleanField(default=True, help_text='A building may register any subset of its units.', verbose_name='included in the registration')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'indexes': [models.Index(fields=['status', 'vacancy'], name='registry_un_status_96f40d_idx'), models.Index(fields=['building', 'vacancy'], name='registry_un_buildin_da510e_idx')],
                'constraints': [models.UniqueConstraint(fields=('building', 'number'), name='unit_number_unique_in_building'), models.CheckConstraint(condition=models.Q(('floor_area_m2__gt', 0)), name='unit_area_positive'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'registered'), _negated=True), ('registered_on__isnull', False), _connector='OR'), name='registered_unit_has_date')],
            },
        ),
        # The dashboard notice: created here under registry's table name, but never in registry's state
        # (0005 moved it to the kernel). core 0001 takes the table into its own state and renames it to
        # core_notification, keeping the index names the old chain gave it.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message', models.CharField(max_length=300)),
                        ('link', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='accounts.organisation')),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='OperatorProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('operator_type', models.CharField(choices=[('individual', 'Individual'), ('company', 'Company or other corporation')], max_length=12, verbose_name='operator type')),
                ('representative', models.CharField(blank=True, max_length=100, verbose_name='representative')),
                ('postal_code', models.CharField(blank=True, max_length=7, verbose_name='postal code')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('officers', models.JSONField(blank=True, default=list, verbose_name='officers')),
                ('sublease', models.BooleanField(default=False, verbose_name='sublease')),
                ('owner_name', models.CharField(blank=True, max_length=200, verbose_name='owner (when subleased)')),
                ('pledge_signed_on', models.DateField(blank=True, null=True, verbose_name='pledge of no disqualification signed on')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='operator_profile', to='accounts.organisation')),
            ],
        ),
        migrations.CreateModel(
            name='Registration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('changes_requested', 'Changes requested'), ('registered', 'Registered'), ('change_notified', 'Change notified'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('struck_off', 'Struck off')], default='draft', max_length=20, verbose_name='state')),
                ('authority_code', models.CharField(db_index=True, max_length=20, verbose_name='registration authority')),
                ('registration_number', models.CharField(blank=True, max_length=40, verbose_name='registration number')),
                ('registered_on', models.DateField(blank=True, null=True, verbose_name='registered on')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('findings', models.JSONField(blank=True, default=list, verbose_name='findings of the standards check')),
                ('version', models.PositiveIntegerField(default=1)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('building', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='registration', to='registry.building')),
                ('warnings_acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'registration',
                'indexes': [models.Index(fields=['authority_code', 'state'], name='registry_re_authori_4186d3_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('state', 'registered'), _negated=True), ('registered_on__isnull', False), _connector='OR'), name='registration_registered_has_date'), models.UniqueConstraint(condition=models.Q(('registration_number', ''), _negated=True), fields=('registration_number',), name='registration_number_unique')],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('floor_plan', 'Floor plan'), ('photo', 'Photo'), ('pledge', 'Pledge of no disqualification'), ('seismic', 'Seismic document'), ('other', 'Other')], max_length=12, verbose_name='kind')),
                ('file', models.FileField(upload_to='attachments/%Y/%m/', verbose_name='file')),
                ('original_name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='registry.unit')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='registry.registration')),
            ],
        ),
        migrations.CreateModel(
            name='ReviewNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(blank=True, max_length=20, verbose_name='action')),
                ('reason_code', models.CharField(blank=True, max_length=40, verbose_name='reason')),
                ('text', models.TextField(blank=True, verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.organisation')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='registry.registration')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='AgentAuthorisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('granted_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('agent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='principals', to='accounts.organisation')),
                ('granted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('operator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agents', to='accounts.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('agent', 'operator'), name='one_active_authorisation')],
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='imports/%Y/%m/', verbose_name='file')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('encoding', models.CharField(blank=True, max_length=20, verbose_name='encoding')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Imported'), ('failed', 'Not imported')], default='queued', max_length=10, verbose_name='status')),
                ('rows_done', models.PositiveIntegerField(default=0, verbose_name='rows checked')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows (estimate)')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='errors')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('operator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to='accounts.organisation', verbose_name='operator')),
            ],
            options={
                'verbose_name': 'import job',
                'verbose_name_plural': 'import jobs',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'succeeded', 'failed'])), name='importjob_status_valid')],
            },
        ),
    ]
