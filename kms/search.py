"""Search of the knowledge base: what is indexed for each article."""

from .models import Article
from .text import words


def index_article(article: Article) -> None:
    """Refresh the search columns of one saved article."""
    Article.objects.filter(pk=article.pk).update(
        search_text=" ".join(words(f"{article.title} {article.summary}"))
    )
