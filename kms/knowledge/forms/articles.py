"""Forms of authoring and moderation: the article form and the review form."""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from infospots.models import NaceSection
from infospots.selectors import home_organisation
from kms.core.forms import StyledFormMixin
from kms.core.text import fold

from ..models import Article, ArticleStatus, Category
from ..services.articles import RETURN_REASON_REQUIRED, clean_tag_name

MAX_TAGS = 15
TOO_MANY_TAGS = ngettext_lazy(
    "Use at most %(max)d tag.", "Use at most %(max)d tags.", "max"
)
MARKDOWN_HINT = _(
    "Markdown: **bold**, *italic*, [link text](https://example.org), "
    "## for a heading, - or 1. at the start of a line for lists, "
    "an empty line between paragraphs."
)


class ArticleAddressField(forms.ModelChoiceField):
    """An article given by its address (…/kms/<slug>/) or its slug alone."""

    widget = forms.TextInput

    def to_python(self, value):
        value = (value or "").strip()
        if "/" in value:
            segments = [s for s in urlsplit(value).path.split("/") if s]
            value = segments[-1] if segments else ""
        return super().to_python(value)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent} / {obj}" if obj.parent_id else str(obj)


class ArticleForm(StyledFormMixin, forms.ModelForm):
    translation_of = ArticleAddressField(
        queryset=Article.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Same article in the other language"),
        help_text=_(
            "Optional. Paste the address of the published article in the other "
            "language, e.g. https://…/kms/ihracat-rehberi/."
        ),
        error_messages={
            "invalid_choice": _("No published article has this address."),
        },
    )
    category = CategoryChoiceField(
        queryset=Category.objects.select_related("parent"), label=_("Category")
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas, e.g. export, grant schemes."),
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=NaceSection.objects.all(),
        required=False,
        label=_("Sectors"),
        help_text=_("The NACE sections the article is most useful for."),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What did you change? (optional)"),
        required=False,
        max_length=200,
        help_text=_("Kept with this revision, for the author and the moderators."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "body_markdown",
            "language",
            "translation_of",
            "category",
            "sectors",
            "organisation",
            "visibility",
        ]
        labels = {"body_markdown": _("Text")}
        help_texts = {"body_markdown": MARKDOWN_HINT}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body_markdown": forms.Textarea(
                attrs={"rows": 18, "class": "font-monospace"}
            ),
        }

    field_order = [
        "title",
        "summary",
        "body_markdown",
        "language",
        "translation_of",
        "category",
        "tags",
        "sectors",
        "organisation",
        "visibility",
        "note",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Published articles, and whatever it is linked to already.
        others = Article.objects.filter(
            Q(status=ArticleStatus.PUBLISHED, published_at__isnull=False)
            | Q(pk=self.instance.translation_of_id)
        )
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
            self.initial["tags"] = ", ".join(
                self.instance.tags.values_list("name", flat=True)
            )
        else:
            del self.fields["note"]
            self.initial.setdefault("language", (get_language() or "tr")[:2])
            self.initial.setdefault("organisation", home_organisation(user=user))
        self.fields["translation_of"].queryset = others
        self.fields["sectors"].widget.attrs["class"] = "form-check-input"

    def clean_tags(self):
        names, seen = [], set()
        for raw in self.cleaned_data["tags"].split(","):
            name = clean_tag_name(raw)
            key = slugify(fold(name))
            if name and key not in seen:
                seen.add(key)
                names.append(name)
        if len(names) > MAX_TAGS:
            raise ValidationError(TOO_MANY_TAGS, params={"max": MAX_TAGS})
        return names


class ReviewForm(StyledFormMixin, forms.Form):
    """Publish, or return with a reason; the decision comes from the button."""

    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Return to the author"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=2000,
        help_text=_("Required when you return the article; the author sees it."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "return"
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", RETURN_REASON_REQUIRED)
        return cleaned
