"""RSS and Atom feeds of the knowledge base: public published articles only,
whoever asks (a feed reader has no session), newest first."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from kms.core.pagecache import public_page
from kms.core.text import without_controls

from ..models import Article, Tag
from ..selectors.search import category_and_descendants, category_tree

FEED_SIZE = 30


def xml_text(value: str) -> str:
    """`value` without the control characters XML 1.0 cannot carry: one in a
    title would turn the whole feed into a server error."""
    return without_controls(value)


def public_articles():
    """Articles anyone may read: members-only ones never reach a feed."""
    return (
        Article.objects.visible_to(AnonymousUser())
        .select_related("category")
        .prefetch_related("tags")
        .only(
            "title",
            "slug",
            "summary",
            "language",
            "organisation",
            "published_at",
            "updated_at",
            "category__name_tr",
            "category__name_en",
        )
        .order_by("-published_at", "-pk")
    )


class ArticleFeed(Feed):
    """The newest public articles (RSS 2.0)."""

    title = _("KMS knowledge base: new articles")
    description = _(
        "New practical articles for SMEs: markets, technology, grant schemes, "
        "cluster tools, benchmarking and efficiency."
    )

    def link(self, obj=None):
        return reverse("kms:article_list")

    def articles(self, obj):
        return public_articles()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        # Readers show an item's description (Atom: summary) as HTML.
        return escape(xml_text(item.summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return xml_text(item.organisation) or None

    def item_categories(self, item):
        names = [item.category.name, *(tag.name for tag in item.tags.all())]
        return [xml_text(name) for name in names]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class CategoryFeed(ArticleFeed):
    """The newest public articles of a category and the categories below it."""

    def get_object(self, request, slug):
        # Feed instances serve every request: state goes on the object.
        tree = category_tree()
        category = next((n.category for n in tree if n.category.slug == slug), None)
        if category is None:
            raise Http404
        category.subtree_ids = category_and_descendants(category, tree)
        return category

    def title(self, obj):
        return _("KMS knowledge base: %(category)s") % {"category": xml_text(obj.name)}

    def description(self, obj):
        return _("New articles in the category %(category)s.") % {
            "category": xml_text(obj.name)
        }

    def link(self, obj):
        return reverse("kms:category", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return public_articles().filter(category_id__in=obj.subtree_ids)


class TagFeed(ArticleFeed):
    """The newest public articles with a tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("KMS knowledge base: %(tag)s") % {"tag": xml_text(obj.name)}

    def description(self, obj):
        return _("New articles tagged %(tag)s.") % {"tag": xml_text(obj.name)}

    def link(self, obj):
        return reverse("kms:tag", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return public_articles().filter(tags=obj)


# Feed readers have no session: every feed is a public page.
article_feed = public_page("knowledge")(ArticleFeed())
article_feed_atom = public_page("knowledge")(AtomArticleFeed())
category_feed = public_page("knowledge")(CategoryFeed())
tag_feed = public_page("knowledge")(TagFeed())
