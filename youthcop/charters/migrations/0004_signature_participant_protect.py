# A participant with signatures is anonymised, never deleted (README rules 4 and 6).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('youthcop_charters', '0003_charter_text_changed_at'),
        ('youthcop_programmes', '0005_programme_ratio_tolerance'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signature',
            name='participant',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='charter_signatures', to='youthcop_programmes.participant'),
        ),
    ]
