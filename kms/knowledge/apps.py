from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kms.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from kms.core import pagecache

        from .services.reads import count_read

        pagecache.on_hit("knowledge.article_read", count_read)
