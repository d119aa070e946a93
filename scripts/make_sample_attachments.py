"""Write the binary attachments ("bilagor") of the sample corpus in corpus/.

The sample corpus holds two real Swedish minutes (copied byte for byte, with their
meeting.toml) so that `make run` shows something real. Their attachments are invented for
the sample: plausible, consistent with what the minutes say, and marked "Exempelbilaga" on
every page. This script writes them in the binary formats the indexer must read (a slide-like
PDF, DOCX and PPTX), with fixed document properties and fixed zip timestamps so that
re-running it reproduces the same files. The Sobona meeting has no known date, so its
attachments carry no created date either.
Run: `.venv/bin/python scripts/make_sample_attachments.py`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pptx
from docx.shared import Pt
from fpdf import FPDF

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VISION = CORPUS / "vision-natverket-medicinska-sekreterare" / "2021-05-19 Nätverkskonferens"
SOBONA = CORPUS / "sobona-ledningsgrupp" / "Ledningsgruppsmöte våren 2020"
VISION_DATE = dt.datetime(2021, 5, 19, 12, 0, tzinfo=dt.UTC)
AUTHOR = "Exempelbilaga (minutes provkorpus)"
SAMPLE_NOTE = (
    "Exempelbilaga: illustrativt material skrivet för provkorpusen i minutes, "
    "inte organisationens eget dokument."
)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Slide = tuple[str, list[str]]

DISTANS_SLIDES: list[Slide] = [
    (
        "Om medlemsundersökningen",
        [
            "Vision har frågat medlemmarna om distansarbete under pandemin.",
            "Drygt 5000 medlemmar har svarat.",
            "Frågorna gällde arbetsplats, arbetsmiljö, digitala möten och önskemål "
            "om hur man vill arbeta efter pandemin.",
            "Resultaten redovisas för alla som svarat och per åldersgrupp.",
        ],
    ),
    (
        "Vad medlemmarna säger",
        [
            "Många vill fortsätta att delvis arbeta på distans efter pandemin.",
            "De flesta vill ha en blandning av arbete hemma och på arbetsplatsen.",
            "Yngre medlemmar är i större utsträckning än andra åldersgrupper "
            "negativa till distansarbete.",
            "Några upplever att distansarbete går ut över teamkänslan.",
        ],
    ),
    (
        "Digital omställning i spåren av pandemin",
        [
            "Medlemmarna är överlag positiva till digitala möten, som har mognat under pandemin.",
            "Digitala möten i följd tröttar: planera in tillräckligt med pauser.",
            "Hemmets arbetsmiljö är också arbetsgivarens ansvar: skärm, stol och headset.",
            "I dag beslutar närmaste chef, därför ser det olika ut i landet och "
            "även inom samma region.",
        ],
    ),
    (
        "Krislägesavtalet",
        [
            "Tecknades 2019 och gäller bland annat bränder, översvämningar, pandemier, "
            "epidemier, terrordåd och hot.",
            "Avtalet gäller först när det har aktiverats. Det är SKR som godkänner aktiveringen.",
            "Villkor vid aktivering: ordinarie arbetstid, beräkningsperiod 4 veckor, särskild "
            "nödfallsövertid, dygnsvila, sammanhängande veckovila och grundlönen.",
            "SKR och de fackliga organisationerna ser över avtalet inför ett nytt krislägesavtal.",
        ],
    ),
    (
        "Vision vill",
        [
            "SKR och Vision skulle se över distansarbete inför avtalet 2020. Arbetet har "
            "inte börjat på grund av pandemin, och Vision har lyft frågan i avtalsrörelsen.",
            "Gemensamma riktlinjer för distansarbete, så att det inte hänger på "
            "den enskilda chefen.",
            "Rätt utrustning och en god arbetsmiljö även hemma.",
            "Tid för fysiska möten som värnar teamkänslan.",
        ],
    ),
]

KONTINUITET_SLIDES: list[Slide] = [
    (
        "Syfte och ansvar",
        [
            "Sobonas stöd till medlemmarna ska fungera även när många är sjuka "
            "eller arbetar hemifrån.",
            "Planen ligger på G och varje enhet fyller i och uppdaterar sin del löpande.",
            "Per kompletterar planen med information från SKR.",
            "Ledningsgruppen (SLG) följer upp planen varje vecka.",
        ],
    ),
    (
        "Kritiska funktioner",
        [
            "Rådgivning till medlemmarna i arbetsgivarfrågor.",
            "Medlemskommunikation: inom hälso- och sjukvård informerar vi i linje med SKR "
            "om corona och skyddsutrustning.",
            "Löner, fakturering och utbetalningar.",
            "IT och telefoni. Varje funktion har en utsedd ersättare.",
        ],
    ),
    (
        "Distansarbete",
        [
            "Alla som kan arbetar hemifrån. Just nu fungerar det bra.",
            "Christina skickar en veckouppdatering till alla kollegor.",
            "Digitala avstämningar i grupperna kompenserar för att vi inte ses fysiskt.",
            "Vi delar goda exempel på hur vi håller kontakten.",
            "Beslut: Kansliet fortsätter med distansarbete tills vidare. "
            "SLG stämmer av läget varje vecka.",
        ],
    ),
    (
        "Digitala verktyg",
        [
            "Teams ersätter Skype så snart verktyget är installerat.",
            "Tre konferenstelefoner bokas via Outlook: Sobona konferenstelefon 1, 2 och 3.",
            "Studion kan användas för att spela in utbildningar i digitalt format.",
        ],
    ),
    (
        "Att följa upp",
        [
            "Medlemmar kan låna ut personal till kommuner och regioner som behöver den mer, "
            "till exempel kökspersonal som lagar mat till hemtjänsten. Villkor och "
            "ersättning utreds.",
            "Avtalsrörelsen är flyttad till hösten: utbildningsutbudet planeras om. "
            "Anna kallar utbildningsgruppen och återkommer till SLG.",
            "Vad blir vårt nya normalläge efter pandemin?",
        ],
    ),
]

# Blocks of a DOCX: ("h1" | "h2" | "p" | "note", text) or ("table", rows).
LOKAL_DIALOG: list[tuple[str, object]] = [
    ("h1", "Lokala parters dialog om lön och villkor"),
    ("note", SAMPLE_NOTE),
    (
        "p",
        "Bilaga 3 till Nationella nätverket för medicinska sekreterare, 19-20 maj 2021. "
        "Stödet beskriver hur Vision och arbetsgivaren lokalt kan föra en löpande dialog "
        "om lön, lönespridning och villkor, medan de centrala parternas överenskommelse "
        "tas fram. Den ska vara klar efter sommaren 2021.",
    ),
    ("h2", "Utgångspunkter"),
    (
        "p",
        "Visions lönepolitik utgår från att lönen sätts individuellt och speglar arbetets "
        "innehåll. Varje medarbetare ska veta hur hen kan påverka sin lön, och det ska "
        "finnas en lönespridning som ger möjlighet till lönekarriär. För medicinska "
        "sekreterare betyder det att kompetens i vårddokumentation, chefsstöd och "
        "utvecklingsarbete ska synas i lönen.",
    ),
    ("h2", "Dialogen steg för steg"),
    (
        "table",
        [
            ["Steg", "När", "Innehåll", "Ansvar"],
            [
                "Förberedelse",
                "Januari-februari",
                "Ta fram lönestatistik från Vision och SKR och jämför lönespridningen.",
                "Visions lokala avdelning",
            ],
            [
                "Gemensam analys",
                "Mars",
                "Gå igenom lönestruktur, osakliga skillnader och karriärvägar.",
                "Arbetsgivaren och Vision",
            ],
            [
                "Lönesamtal",
                "April",
                "Samtal om arbetets innehåll, resultat och utveckling.",
                "Chef och medarbetare",
            ],
            [
                "Uppföljning",
                "Efter lönerevisionen",
                "Utvärdera processen och ta med lärdomar till nästa år.",
                "Lokala parter",
            ],
        ],
    ),
    ("h2", "Distansarbete i den lokala dialogen"),
    (
        "p",
        "Så länge det saknas ett centralt avtal om distansarbete beslutar närmaste chef, "
        "och därför ser det olika ut även inom samma region. Lokala parter bör komma "
        "överens om gemensamma riktlinjer: vilka arbetsuppgifter som kan utföras på "
        "distans, hur arbetsmiljön hemma följs upp och hur teamkänslan värnas med "
        "regelbundna fysiska möten.",
    ),
    ("h2", "Lönestatistik"),
    (
        "p",
        "Visions och SKR:s lönestatistik finns på respektive hemsida. Visions statistik "
        "finns också i en app. Ta med statistiken till den gemensamma analysen.",
    ),
]

DIGITAL_STAMMA: list[tuple[str, object]] = [
    ("h1", "Digital stämma i stället för Sobonadagarna 2020"),
    ("note", SAMPLE_NOTE),
    (
        "p",
        "Bilaga 2 till ledningsgruppens (SLG) möte våren 2020. Underlaget beskriver hur "
        "Sobonadagarna och stämman genomförs när covid-19 gör det omöjligt att samlas.",
    ),
    ("h2", "Bakgrund"),
    (
        "p",
        "Sobonadagarna skulle hållas i Gävle. Med hänsyn till smittspridningen och "
        "restriktionerna för större sammankomster kan de fysiska dagarna inte "
        "genomföras i år. Stämmans stadgeenliga ärenden, som årsredovisning, "
        "ansvarsfrihet och val, måste ändå behandlas.",
    ),
    ("h2", "Förslag"),
    (
        "p",
        "Stämman genomförs digitalt. Ombuden deltar via länk, anmäler sig i förväg och "
        "röstar digitalt. Handlingarna skickas ut i god tid, och en kort inspelad "
        "hälsning från studion ersätter de programpunkter som skulle ha hållits på plats.",
    ),
    ("p", "Beslut: Sobonadagarna i Gävle 2020 ställs in. Stämman genomförs digitalt."),
    (
        "p",
        "Beslut: Projektgruppen får i uppdrag att föreslå hur, var och när den digitala "
        "stämman genomförs och återkommer till SLG.",
    ),
    ("h2", "Bokningarna i Gävle och Borås"),
    (
        "p",
        "Projektgruppen undersöker om bokningen i Gävle kan flyttas fram till "
        "27-28 maj 2021, och om Sobonadagarna i Borås i så fall kan flyttas till 2022.",
    ),
    ("h2", "Almedalen"),
    (
        "p",
        "Det blir Digidalen i stället för Almedalen. Vi undersöker alternativa sätt att "
        "delta tillsammans med samarbetsparter som Omställningsfonden och Kairos Future.",
    ),
    ("p", "Beslut: Inga fler pengar läggs på Almedalen 2020."),
]


class SlidePdf(FPDF):
    """A 16:9 PDF whose pages look like slides, in the core Helvetica font (Latin-1)."""

    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format=(142.875, 254))
        self.set_auto_page_break(False)
        self.set_margins(18, 18, 18)

    def title_page(self, title: str, subtitle: str) -> None:
        self.add_page()
        self.set_fill_color(30, 60, 110)
        self.rect(0, 0, self.w, self.h, style="F")
        self.set_text_color(255, 255, 255)
        self.set_xy(18, 45)
        self.set_font("helvetica", "B", 30)
        self.multi_cell(0, 13, title)
        self.set_font("helvetica", "", 16)
        self.set_x(18)
        self.multi_cell(0, 8, subtitle)
        self._note()

    def bullet_page(self, heading: str, bullets: list[str]) -> None:
        self.add_page()
        self.set_fill_color(30, 60, 110)
        self.rect(0, 0, self.w, 26, style="F")
        self.set_text_color(255, 255, 255)
        self.set_font("helvetica", "B", 22)
        self.set_xy(18, 8)
        self.cell(0, 10, heading)
        self.set_text_color(20, 20, 20)
        self.set_font("helvetica", "", 15)
        self.set_y(36)
        for text in bullets:
            self.set_fill_color(30, 60, 110)
            self.circle(x=20, y=self.get_y() + 3.6, radius=1.2, style="F")
            self.set_x(25)
            self.multi_cell(0, 7.2, text)
            self.ln(3.5)
        self._note()

    def _note(self) -> None:
        self.set_text_color(110, 110, 110)
        self.set_font("helvetica", "I", 7)
        self.set_xy(18, self.h - 9)
        self.cell(0, 4, f"{SAMPLE_NOTE}   Sida {self.page_no()}")


def write_pdf_slides(path: Path, title: str, subtitle: str, slides: list[Slide]) -> None:
    """Write a slide-like PDF: a title page, then one page per (heading, bullets)."""
    pdf = SlidePdf()
    pdf.set_title(title)
    pdf.set_author(AUTHOR)
    pdf.set_subject(subtitle)
    pdf.set_lang("sv")
    pdf.set_creation_date(VISION_DATE)
    pdf.title_page(title, subtitle)
    for heading, bullets in slides:
        pdf.bullet_page(heading, bullets)
    pdf.output(str(path))


def write_docx(path: Path, title: str, created: dt.datetime | None, blocks: list) -> None:
    """Write a DOCX from (kind, content) blocks; see LOKAL_DIALOG for the kinds."""
    document = docx.Document()
    for kind, content in blocks:
        if kind == "table":
            _add_table(document, content)
        elif kind == "note":
            document.add_paragraph().add_run(content).font.size = Pt(8)
        elif kind == "p" and content.startswith("Beslut:"):
            label, rest = content.split(":", 1)
            paragraph = document.add_paragraph()
            paragraph.add_run(label + ":").bold = True
            paragraph.add_run(rest)
        elif kind == "p":
            document.add_paragraph(content)
        else:
            document.add_heading(content, level=int(kind[1]))
    _set_properties(document.core_properties, title, created)
    document.save(path)
    _freeze_zip(path)


def _add_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True


def write_pptx(path: Path, title: str, subtitle: str, slides: list[Slide]) -> None:
    """Write a PPTX with a title slide and one bullet slide per (heading, bullets)."""
    presentation = pptx.Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = f"{subtitle}\n{SAMPLE_NOTE}"
    for heading, bullets in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = heading
        frame = slide.placeholders[1].text_frame
        frame.text = bullets[0]
        for text in bullets[1:]:
            frame.add_paragraph().text = text
        for paragraph in frame.paragraphs:
            paragraph.font.size = pptx.util.Pt(20)
            paragraph.font.bold = paragraph.text.startswith("Beslut:")
    _set_properties(presentation.core_properties, title, None)
    presentation.save(path)
    _freeze_zip(path)


def _set_properties(props: object, title: str, created: dt.datetime | None) -> None:
    """Set fixed core properties; without a date, drop the template's created/modified."""
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = SAMPLE_NOTE
    props.revision = 1
    if created is not None:
        props.created = created.replace(tzinfo=None)
        props.modified = created.replace(tzinfo=None)
        return
    element = props._element
    for tag in ("created", "modified"):
        for child in element.findall(f"{{http://purl.org/dc/terms/}}{tag}"):
            element.remove(child)


def _freeze_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed entry timestamps so the bytes are reproducible."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def main() -> None:
    """Write all four attachments into the sample meetings' bilagor/ folders."""
    vision, sobona = VISION / "bilagor", SOBONA / "bilagor"
    vision.mkdir(parents=True, exist_ok=True)
    sobona.mkdir(parents=True, exist_ok=True)
    write_pdf_slides(
        vision / "bilaga-2-distansarbete-bildspel.pdf",
        "Krisläge och distansarbete",
        "Visions medlemsundersökning om distansarbete och krislägesavtalet. Bilaga 2, "
        "Nationella nätverket för medicinska sekreterare 19-20 maj 2021.",
        DISTANS_SLIDES,
    )
    write_docx(
        vision / "bilaga-3-lokala-parters-dialog.docx",
        "Lokala parters dialog om lön och villkor",
        VISION_DATE,
        LOKAL_DIALOG,
    )
    write_pptx(
        sobona / "bilaga-1-kontinuitetsplan.pptx",
        "Kontinuitetsplan för kansliet under covid-19",
        "Bilaga 1 till ledningsgruppens (SLG) möte våren 2020",
        KONTINUITET_SLIDES,
    )
    write_docx(
        sobona / "bilaga-2-digital-stamma.docx",
        "Digital stämma i stället för Sobonadagarna 2020",
        None,
        DIGITAL_STAMMA,
    )


if __name__ == "__main__":
    main()
