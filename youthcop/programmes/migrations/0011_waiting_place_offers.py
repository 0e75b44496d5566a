# Offers of a waiting place (pretix-style waiting-list vouchers): the status, its deadline, its link, and whether a programme offers free places automatically.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('youthcop_programmes', '0010_advisor_note_moves_to_privacy'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='offer_expires_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='offered place to accept by'),
        ),
        migrations.AddField(
            model_name='programme',
            name='waiting_list_auto',
            field=models.BooleanField(default=True, help_text="A place that frees up or is added is offered to the first on that side's waiting list, to accept by a deadline. Untick to keep free places for the coordinator to offer to someone they choose, for the mix the method asks for.", verbose_name='offer free places to the waiting list automatically'),
        ),
        migrations.AlterField(
            model_name='participant',
            name='status',
            field=models.CharField(choices=[('awaiting_consent', 'Awaiting guardian consent'), ('enrolled', 'Enrolled'), ('waiting', 'Waiting list'), ('offered', 'Place offered'), ('withdrawn', 'Withdrawn'), ('completed', 'Completed')], db_index=True, max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='personallink',
            name='purpose',
            field=models.CharField(choices=[('participant', 'Participant page'), ('guardian', 'Guardian consent'), ('offer', 'Offered place')], max_length=20),
        ),
    ]
