"""What a translator does in wagtail-localize's editor, for tests: each string entered, then "Publish"."""

from wagtail_localize.models import StringSegment, StringTranslation, Translation


def translate(instance, locale, strings):
    """Fill ``strings`` ({original: translation}) into the translation of ``instance`` into ``locale``, publish it."""
    translation = Translation.objects.get(target_locale=locale, source__object_id=instance.translation_key)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                defaults={"data": strings[segment.string.data]},
            )
    translation.save_target(publish=True)
