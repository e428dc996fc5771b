"""Summaries in two languages (issue 10): the English the company reads, its Kiswahili
meaning for the user, and Kiswahili around it."""

from __future__ import annotations

import pytest

from tests.stories import STORIES, towel

NOT_TO_SEND = "Maana kwa Kiswahili (usitume hii):"


@pytest.mark.parametrize("name", sorted(STORIES))
def test_the_english_message_is_the_same_in_kiswahili(cli, now, name):
    case = STORIES[name](cli, now)
    english = cli("summary", str(case)).stdout
    kiswahili = cli("--lang", "sw", "summary", str(case)).stdout
    assert kiswahili.startswith(english)
    assert NOT_TO_SEND not in english
    assert "Tarehe" not in english and "Novemba" not in english
    meaning = kiswahili[len(english) :]
    assert meaning.lstrip().startswith(NOT_TO_SEND)


def test_the_kiswahili_meaning_of_the_towel_message(cli, now):
    case = towel(cli, now)
    out = cli("--lang", "sw", "summary", str(case)).stdout
    meaning = out.split(NOT_TO_SEND, 1)[1]
    # the same facts, in Kiswahili sentences, with Kiswahili dates; user text as typed
    assert "Tarehe 28 Oktoba niliagiza red bath towel (agizo 112-4455667-0012345)." in meaning
    assert "Kifurushi kilipofika tarehe 2 Novemba, nilipata gray bathrobe badala yake." in meaning
    assert "Ningependa: return the bathrobe and get the towel I ordered." in meaning
    assert "Nimewasiliana na Amazon mara 3 kuhusu hili tangu 2 Novemba." in meaning
    assert "Priya (nambari ya kumbukumbu C-0042) aliahidi: ship the red towel" in meaning
    assert "kufikia 5 Novemba" in meaning
    assert meaning.rstrip().endswith("Je! Unaweza kunisaidia kusahihisha hii?")
    for english in ("November", "I placed", "promised", "Can you help"):
        assert english not in meaning


@pytest.mark.parametrize("lang", ["en", "sw"])
def test_json_has_the_english_text_and_its_kiswahili_meaning(cli, now, lang):
    case = towel(cli, now)
    english = cli("summary", str(case)).stdout.rstrip("\n")
    data = cli.json("--lang", lang, "summary", str(case))
    assert data["message"] == data["text"] == english
    assert data["text_sw"].startswith("Tarehe 28 Oktoba niliagiza")
    assert data["text_sw"].endswith("Je! Unaweza kunisaidia kusahihisha hii?")
    assert data["characters"] == len(english)


def test_a_tight_limit_leaves_out_the_same_sentences_in_both(cli, now):
    """The Kiswahili says what is sent, no more: the sentences left out of the English
    to fit the chat box are left out of its meaning too."""
    from tracker.prose.chat import chat_summary
    from tracker.services.cases import show_case
    from tracker.store import Store

    case = STORIES["never_received"](cli, now)
    store = Store()
    with store.session() as s:
        case_file = show_case(session=s, case=str(case))
    whole = chat_summary(case_file)
    tight = chat_summary(case_file, limit=400)
    assert tight.left_out and len(tight.text) <= 400
    assert tight.text_sw != whole.text_sw
    sentences = lambda text: text.count(". ") + text.count("\n\n")  # noqa: E731
    assert sentences(tight.text) == sentences(tight.text_sw)
    assert sentences(whole.text) == sentences(whole.text_sw)


def test_markdown_marks_the_meaning_as_not_to_send(cli, now):
    case = towel(cli, now)
    english = cli("summary", str(case), "--format", "markdown").stdout
    out = cli("--lang", "sw", "summary", str(case), "--format", "markdown").stdout
    assert "## Ujumbe wa kubandika kwenye gumzo la Amazon: kesi #1" in out
    assert "## Maana kwa Kiswahili (usitume hii)" in out
    assert english.split("\n\n", 1)[1] in out  # the English message, unchanged


def test_the_brief_in_kiswahili_around_the_english_the_manager_hears(cli, now):
    case = towel(cli, now)
    english = cli("summary", str(case), "--for", "manager").stdout
    out = cli("--lang", "sw", "summary", str(case), "--for", "manager").stdout
    # reading aids in Kiswahili, with Kiswahili dates
    for aid in ("Taarifa fupi ya kupandisha ngazi: kesi #1", "Tatizo\n", "  Aina: wrong item"):
        assert aid in out
    assert "Ilitokea: 2 Novemba" in out and "Mawasiliano (3)" in out
    assert "mawasiliano 3 (2 na mtu), dakika 60 zimetumika" in out
    # what the manager hears, in English as in the English brief
    said = "On October 28 I ordered a red bath towel (order 112-4455667-0012345)."
    assert said in english and said in out
    assert "He said the towel is on its way" in out
    # the request in English, followed by its meaning in Kiswahili
    request = english.split("\nRequest\n", 1)[1].strip()
    assert request.startswith("I would like to return the bathrobe")
    after = out.split("\nOmbi\n", 1)[1]
    assert after.strip().startswith(request)
    meaning = after.split(request, 1)[1]
    assert "Maana yake: " in meaning
    assert "Tayari nimewasiliana na Amazon mara 3 kuhusu jambo hili." in meaning


def test_the_markdown_brief_in_kiswahili(cli, now):
    case = towel(cli, now)
    out = cli("--lang", "sw", "summary", str(case), "--for", "manager", "--format", "markdown")
    text = out.stdout
    assert text.startswith("# Taarifa fupi ya kupandisha ngazi: kesi #1")
    assert "## Ombi" in text and "> I would like to return the bathrobe" in text
    assert "Maana yake: Ningependa: return the bathrobe" in text
    data = cli.json("--lang", "sw", "summary", str(case), "--for", "manager")
    assert data["request"].startswith("I would like to return the bathrobe")
    assert "request_sw" not in data  # JSON keys as SPEC.md has them


def test_next_in_kiswahili_with_the_english_to_say(cli, now):
    case = towel(cli, now)
    english = cli("next", str(case)).stdout
    out = cli("--lang", "sw", "next", str(case)).stdout
    assert "Hatua inayofuata: Fuatilia: ahadi ya tarehe 5 Novemba imepitwa na muda" in out
    assert "Sema (kwa Kiingereza):" in out and "Kaa utulivu:" in out and "Kisha:" in out
    # each phrase in English, exactly as in English, its meaning under it in brackets
    phrase = "“Can you check what happened and make sure it gets done?”"
    assert phrase in english
    assert (
        f"  {phrase}\n  (Je! Unaweza kuangalia kilichotokea na kuhakikisha kwamba kinafanyika?)"
        in out
    )
    calm = "“Thank you so much for your help so far, I know this wasn't your problem or fault.”"
    # the guide's own Kiswahili for its phrases
    guide = "(Asante sana kwa msaada wako hadi sasa, najua hii haikuwa shida yako au kosa.)"
    assert f"  {calm}\n  {guide}" in out
    cited = "“On November 2 Priya (reference C-0042) promised to ship the red towel by November 5"
    assert cited in english and cited in out
    assert "(Tarehe 2 Novemba, Priya (nambari ya kumbukumbu C-0042) aliahidi" in out


def test_next_json_keeps_the_english_to_say(cli, now):
    case = towel(cli, now)
    english = cli.json("next", str(case))
    data = cli.json("--lang", "sw", "next", str(case))
    assert data.keys() == english.keys()
    assert data["say"] == english["say"] and data["calm"] == english["calm"]
    assert data["step"].startswith("Fuatilia:")


def test_the_manager_request_in_next_with_the_guides_kiswahili(cli, now):
    case = STORIES["refund_after_return"](cli, now)
    out = cli("--lang", "sw", "next", str(case)).stdout
    assert "Ahadi ilivunjwa; mawasiliano 2 na wawakilishi hayajalitatua. Meneja anaweza" in out
    assert "Uliza kwa upole ikiwa unaweza kuzungumza na meneja" in out
    assert "Could you transfer me to your manager?”\n  (Samahani, lakini nadhani" in out
    assert "Je! Utaweza kunihamishia kwa meneja wako?)" in out


SENTINELS = ("Contacts", "Promises", "Next step", "overdue", "OVERDUE")


def _for_the_company(cli, case: str) -> list[str]:
    """The English meant for the company: the chat message, the brief's statement and
    request, the phrases to say."""
    english = [cli("summary", case).stdout.strip()]
    brief = cli.json("summary", case, "--for", "manager")
    english += [brief["statement"], brief["request"]]
    advice = cli.json("next", case)
    english += [f"“{x}”" for x in [*advice["say"], advice["calm"]]]
    return english


@pytest.mark.parametrize("name", ["towel", "refund_after_return", "damaged_lamp"])
def test_no_english_words_outside_the_english_for_the_company(cli, now, name):
    """`tracker --lang sw` prints no English sentinel word, once the English meant for the
    company is taken out."""
    case = str(STORIES[name](cli, now))
    english = _for_the_company(cli, case)
    for args in (
        ("case", "show", case),
        ("next", case),
        ("summary", case),
        ("summary", case, "--for", "manager"),
        ("summary", case, "--for", "manager", "--format", "markdown"),
        ("due",),
        ("stats",),
        ("case", "list"),
        ("promise", "list"),
    ):
        out = cli("--lang", "sw", *args).stdout
        for text in english:
            out = out.replace(text, "")
        for word in SENTINELS:
            assert word not in out, f"{word!r} in tracker --lang sw {' '.join(args)}:\n{out}"


def test_the_demo_in_kiswahili(cli, now, monkeypatch):
    """`LANG=sw_KE.UTF-8 tracker demo`: the walk-through in Kiswahili, the English message
    to paste beside its Kiswahili meaning."""
    english = _for_the_company(cli, str(towel(cli, now)))  # the demo's own case
    monkeypatch.setenv("LANG", "sw_KE.UTF-8")
    out = cli("demo").stdout
    assert "Maonyesho ya tracker hatua kwa hatua" in out
    message = english[0]
    assert message in out
    assert out.index(message) < out.index("Maana kwa Kiswahili (usitume hii):")
    assert "Hatua inayofuata: Fuatilia: ahadi ya tarehe 5 Novemba imepitwa na muda" in out
    assert "Taarifa fupi ya kupandisha ngazi: kesi #1" in out
    for text in english:
        out = out.replace(text, "")
    for word in SENTINELS:
        assert word not in out, f"{word!r} in the Kiswahili demo"
