"""Models of the site core: users and roles, and the knowledge base."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .querysets import ArticleQuerySet


class Role(models.TextChoices):
    MEMBER = "member", _("SME member")
    STAFF = "staff", _("Info-spot staff")
    MANAGER = "manager", _("Project manager")
    ADMIN = "admin", _("Administrator")


NATIONAL_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


class UserManager(DjangoUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The role is set by admins and managers only."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBER,
        db_index=True,
        help_text=_("Set by administrators and project managers, never by the user."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="kms_user_email_case_insensitive_unique",
                violation_error_message=_(
                    "A user with this e-mail address already exists."
                ),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_national(self) -> bool:
        """Managers and admins see every province."""
        return self.is_active and (self.is_superuser or self.role in NATIONAL_ROLES)

    @property
    def is_info_spot_staff(self) -> bool:
        return self.is_active and self.role == Role.STAFF


# --- knowledge base ------------------------------------------------------------


class ArticleLanguage(models.TextChoices):
    TURKISH = "tr", _("Turkish")
    ENGLISH = "en", _("English")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned to the author")
    PUBLISHED = "published", _("Published")


class Category(models.Model):
    """A node of the small category tree of the knowledge base."""

    name_tr = models.CharField(_("name (Turkish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "tr")[:2] == "en" else self.name_tr


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    """A knowledge article. `body_html` is rendered from Markdown and sanitised
    by the article services on every save; pages show only `body_html`."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    body_markdown = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=2, choices=ArticleLanguage.choices
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("same article in the other language"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="articles", verbose_name=_("tags")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    read_count = models.PositiveIntegerField(_("reads"), default=0, editable=False)
    # Folded words of title and summary, kept by article_save (simple search
    # until full-text search arrives).
    search_text = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "visibility", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kms:article_detail", kwargs={"slug": self.slug})
