"""The vocabulary of the load-test articles, without Django: the article
generator (perf.data.articles) and the search mix (perf.loadtest.searchmix)
draw from the same words.

Each article takes a few topic words, so that a word is found in a few per
cent of the articles, as in a real knowledge base ("ihracat" and "export",
the portal's main topic, more often), in a text of made-up words drawn with
a Zipf distribution.
"""

import itertools
import random

_TURKISH = (
    "ihracat pazar kümelenme verimlilik kıyaslama hibe destek firma üretim "
    "teknoloji yenilik işbirliği tedarik zinciri lojistik gümrük fuar müşteri "
    "kalite standart belge sertifika enerji tasarruf maliyet yatırım kredi "
    "finansman teşvik ajans bakanlık program proje başvuru eğitim danışmanlık "
    "analiz rapor strateji dijital dönüşüm e-ticaret pazarlama marka tasarım "
    "ambalaj gıda tekstil mobilya metal makine otomotiv kimya plastik tarım "
    "turizm yazılım ar-ge üniversite sanayi odası birlik ağ ortaklık istihdam "
    "nitelik beceri verim ölçüm gösterge hedef başarı sürdürülebilir yeşil "
    "karbon atık su iklim risk sigorta döviz kur fiyat rekabet küresel bölgesel "
    "yerel Samsun Trabzon Çorum Gaziantep Kahramanmaraş İstanbul Avrupa Asya "
    "Afrika Orta Doğu Irak Almanya Rusya ışık ısı işçi ılık"
)
TURKISH = _TURKISH.split()
_ENGLISH = (
    "export market cluster efficiency benchmarking grant support company "
    "production technology innovation cooperation supply chain logistics "
    "customs fair customer quality standard certificate energy saving cost "
    "investment credit finance incentive agency ministry programme project "
    "application training consulting analysis report strategy digital "
    "transformation marketing brand design packaging food textile furniture "
    "machinery automotive chemicals plastics agriculture tourism software "
    "research university industry chamber network partnership employment "
    "skills productivity measurement indicator target sustainable green "
    "carbon waste water climate risk insurance exchange price competition "
    "global regional local Europe Asia Africa Istanbul"
)
ENGLISH = _ENGLISH.split()
_SYLLABLES = (
    "ka le mi no su ta ra be di gö şe çı ya lu ne ve ri ol an er in ük "
    "ım ba de ge ha ke ma pa sa te za bo co fa lo mo po ro to"
)
SYLLABLES = _SYLLABLES.split()
FILLER_WORDS = 4000
TOPIC_SHARE = 0.3
TITLE_PATTERNS_TR = [
    "{a} ve {b} rehberi",
    "KOBİ'ler için {a}",
    "{a} ile {b} nasıl artar?",
    "{A} alanında yeni {b} fırsatları",
    "{a}: {b} ve {c}",
]
TITLE_PATTERNS_EN = [
    "A guide to {a} and {b}",
    "{A} for SMEs",
    "How {a} improves {b}",
    "New {b} opportunities in {a}",
    "{A}: {b} and {c}",
]


def fillers(rng) -> tuple[list[str], list[float]]:
    """Made-up words and their cumulative Zipf weights: the rest of the
    vocabulary."""
    words = {
        "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        for _ in range(FILLER_WORDS * 2)
    }
    words = sorted(words)[:FILLER_WORDS]
    rng.shuffle(words)
    return words, list(itertools.accumulate(1 / (r + 1) for r in range(len(words))))


def filler_words(seed: int = 4) -> list[str]:
    """The made-up words of the corpus, most frequent first."""
    return fillers(random.Random(seed))[0]  # noqa: S311 - test data


def text(rng, topic, vocabulary, count) -> str:
    words, cumulative = vocabulary
    chosen = rng.choices(words, cum_weights=cumulative, k=count)
    for i in range(count):
        if rng.random() < TOPIC_SHARE:
            chosen[i] = rng.choice(topic)
    return " ".join(chosen)
