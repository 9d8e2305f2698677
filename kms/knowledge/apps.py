from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kms.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from kms.core import pagecache
        from kms.core.generations import bump_on_change

        from .models import Article, Comment
        from .selectors.moderation import MODERATION
        from .services.reads import count_read

        # A visitor served a stored article page is one more read.
        pagecache.on_hit("knowledge.article_read", count_read)
        # What waits for moderators is cached until an article or a
        # comment changes (selectors.moderation.moderation_counts).
        bump_on_change(MODERATION, Article, Comment)
