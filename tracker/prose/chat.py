"""The message to paste into the next chat: the problem, the history a
representative needs, and a question, within the chat box's limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker import i18n
from tracker.casefile import CaseFile, Contact, Promise, json_name
from tracker.i18n import N_, _
from tracker.prose.deadlines import chat_deadline
from tracker.prose.statement import CHAT_BUDGETS, evidence_sentence, statement
from tracker.prose.words import (
    bare,
    cap,
    clip,
    ended,
    not_done,
    promise_verb,
    say_date,
    sentence,
    speaker,
    squash,
    times,
)

CHAT_LIMIT = 1000

QUESTIONS = {
    "wrong-item": N_("Can you help me correct this?"),
    "damaged": N_("Can you help me correct this?"),
    "not-delivered": N_("Can you help me find my package or get this put right?"),
    "late": N_("Can you help me get this put right?"),
    "refund": N_("Can you help me get my refund?"),
    "billing": N_("Can you help me get this charge corrected?"),
}
DEFAULT_QUESTION = N_("Can you help me resolve this?")


@dataclass
class ChatSummary:
    """The message to paste into the next chat, within the chat box's limit."""

    for_: str = field(default="chat", init=False, metadata=json_name("for"))
    case: int = field(kw_only=True)
    company: str = field(kw_only=True)
    order: str | None = field(kw_only=True)
    message: str = field(kw_only=True)
    text: str = field(default="", kw_only=True)  # the English message, to send (= message)
    text_sw: str = field(default="", kw_only=True)  # its meaning in Kiswahili: not to be sent
    characters: int = field(kw_only=True)
    limit: int = field(kw_only=True)
    left_out: list[str] = field(default_factory=list, kw_only=True)


@dataclass
class _Part:
    key: str  # what the sentence is about, for `left_out`
    place: float  # where it goes: statement < 10 <= history < 99 <= question
    text: str
    mentions: tuple[str, ...] = ()


def promise_sentence(p: Promise, contact: Contact | None) -> str:
    """The sentence citing a promise: 'On November 2 Priya (reference C-0042) promised ...'."""
    if i18n.lang() != "en":
        return _promise_sentence_translated(p, contact)
    made = say_date(contact.at) if contact else ""
    who = speaker(contact)
    ref = squash(contact.reference) if contact else ""
    subject = f"{who} (reference {clip(ref, 40)})" if ref else who
    text = f"On {made} {subject}" if made else (cap(subject) if contact else "I was told you")
    what = clip(bare(squash(p.what)), 150)
    verb = promise_verb(what) if contact else f"would {re.sub(r'^(to|will) ', '', what)}"
    due = f" by {say_date(p.due_on)}" if p.due_on else ""
    text = f"{text} {verb}{due}"
    if p.state == "broken":
        return f"{text}, but that did not happen."
    if p.overdue:
        return f"{text}; {not_done(what)}."
    if not p.due_on:
        return f"{text}; {not_done(what)} yet."
    return f"{text}."


def _promise_sentence_translated(p: Promise, contact: Contact | None) -> str:
    """promise_sentence in the language in force: the promise quoted as the user typed it
    (the English verb forms of promise_verb apply only in English)."""
    what = clip(bare(squash(p.what)), 150)
    if contact:
        who = speaker(contact)
        ref = squash(contact.reference)
        if ref:
            who = _("{who} (reference {reference})").format(who=who, reference=clip(ref, 40))
        if contact.at:
            text = _("On {date} {who} promised: {what}").format(
                date=say_date(contact.at), who=who, what=what
            )
        else:
            text = cap(_("{who} promised: {what}").format(who=who, what=what))
    else:
        text = _("I was told you would: {what}").format(what=what)
    if p.due_on:
        text = _("{text}, by {date}").format(text=text, date=say_date(p.due_on))
    if p.state == "broken":
        return _("{text}, but that did not happen.").format(text=text)
    if p.overdue:
        return _("{text}; {not_done}.").format(text=text, not_done=not_done(what))
    if not p.due_on:
        return _("{text}; {not_done} yet.").format(text=text, not_done=not_done(what))
    return f"{text}."


_CHANNEL_SENTENCE = {
    "chat": N_("On {date} I chatted with {who}"),
    "phone": N_("On {date} I called and spoke with {who}"),
    "email": N_("On {date} I emailed {who}"),
    "social": N_("On {date} I wrote to {who}"),
    "in-person": N_("On {date} I spoke in person with {who}"),
}
_NOBODY_SENTENCE = {
    "phone": N_("On {date} I called, but nobody answered."),
    "chat": N_("On {date} I tried the chat, but nobody answered."),
    "email": N_("On {date} I emailed, but nobody answered."),
}
_RESULT_WORDS = {
    "disconnected": N_("but we were disconnected"),
    "no-answer": N_("but got no answer"),
    "refused": N_("who said they could not help with this"),  # calmly: no blame in the chat
    "transferred": N_("who transferred me"),
    "escalated": N_("who escalated the case"),
}


def _contact_sentence(c: Contact) -> str:
    when = say_date(c.at)
    channel = c.channel or "other"
    if c.with_ == "nobody":
        template = _NOBODY_SENTENCE.get(
            channel, N_("On {date} I tried to reach you, but nobody answered.")
        )
        return _(template).format(date=when)
    who = speaker(c)
    template = _CHANNEL_SENTENCE.get(channel, N_("On {date} I contacted {who}"))
    text = _(template).format(date=when, who=who)
    if c.reference:
        text = _("{text} (reference {reference})").format(
            text=text, reference=clip(squash(c.reference), 40)
        )
    words = _RESULT_WORDS.get(c.result or "")
    if words:
        text += (", " if who else " ") + _(words)
    return text + "."


_REPORTED = re.compile(
    r"^(he|she|they|it|i|we|you|the|this|that|there|their|his|her|"
    r"[A-Z][a-z]+ (said|says|told|promised|offered|asked|refused))\b",
    re.IGNORECASE,
)


# A note that starts with what they did, without saying who: "Offered a refund only".
_NO_SUBJECT = re.compile(
    r"^(will|would|won't|wouldn't|can|can't|cannot|could|couldn't|needs|has|had|is|was|says|"
    r"said|told|gave|sent|took|made|wrote|kept|sold|found|got|put|let|\w{2,}ed)\b",
    re.IGNORECASE,
)


def answer_sentence(contact: Contact) -> str:
    """What they said, from the user's notes: kept as written when it reads as a sentence."""
    answer = sentence(clip(squash(contact.answer), 200))
    if i18n.lang() != "en":  # the user's words as typed, introduced in the language in force
        return _("I was told: {answer}").format(answer=answer)
    if _REPORTED.match(answer):
        return answer
    if _NO_SUBJECT.match(answer) and not answer.split()[0].isupper():
        who = speaker(contact)
        who = re.sub(r"^an? ", "the ", who)
        return sentence(f"{who} {answer[0].lower()}{answer[1:]}")
    return _("I was told: {answer}").format(answer=answer)


def chat_summary(
    case: CaseFile, *, limit: int = CHAT_LIMIT, with_notes: bool = False
) -> ChatSummary:
    """The chat message: the statement, the history a representative needs, a question.
    The contacts' notes are the user's own: in it only `with_notes`, latest first, as
    many as fit.

    When everything does not fit in `limit` characters, the most useful facts
    are kept (the contact count, the latest reference, overdue promises) and
    whole sentences are left out, never cut. The message is always English (the
    company reads English); `text_sw` says the same sentences in Kiswahili, for the user.
    """
    with i18n.using("en"), i18n.dates_in("en"):
        chosen, left_out, tight = _choose(case, limit, with_notes=with_notes)
        message = _compose(chosen).replace("….", "…")
    keys = {p.key for p in chosen}
    with i18n.using("sw"), i18n.dates_in("sw"):
        # the same sentences, not a new choice: the rendering is the meaning of the message
        same, _left, _tight = _choose(case, None, tight=tight, only=keys, with_notes=with_notes)
        text_sw = _compose(same).replace("….", "…")
    return ChatSummary(
        case=case.id,
        company=case.company or "",
        order=case.order.number if case.order else None,
        message=message,
        text=message,
        text_sw=text_sw,
        characters=len(message),
        limit=limit,
        left_out=left_out,
    )


def _choose(
    case: CaseFile,
    limit: int | None,
    *,
    tight: int | None = None,
    only: set[str] | None = None,
    with_notes: bool = False,
) -> tuple[list[_Part], list[str], int]:
    """The sentences of the message in the language in force, the keys left out, and how
    tightly the statement was clipped. With `only`, exactly those sentences (no limit)."""
    company = squash(case.company) or _("you")
    question_text = QUESTIONS.get(case.category, DEFAULT_QUESTION)
    question_text = _(question_text)
    if tight is None:
        said = statement(case, short=True)
        tight = 0
        for tight in range(1, len(CHAT_BUDGETS)):
            essentials = (
                (0, said.ordered),
                (1, said.problem),
                (3, said.want),
                (99, question_text),
            )
            parts = [_Part("", place, text) for place, text in essentials if text]
            if limit is None or len(_compose(parts)) <= limit:  # no limit: all fits
                tight -= 1
                break
            said = statement(case, short=True, tight=tight)
    else:
        said = statement(case, short=True, tight=tight)
    contacts = case.contacts
    by_id = {c.id: c for c in contacts}

    required = [
        _Part("order", 0, said.ordered),
        _Part("problem", 1, said.problem),
        _Part("want", 3, said.want),
    ]
    optional: list[_Part] = []  # in order of usefulness
    closing = chat_deadline(case.deadlines)
    if closing:  # a remedy about to close is what the representative must hear first
        optional.append(_Part("deadline", 4, closing))
    if contacts:
        first = say_date(contacts[0].at)
        optional.append(
            _Part(
                "contacts",
                10,
                (
                    _("I have contacted {company} {times} about this since {date}.").format(
                        company=company, times=times(len(contacts)), date=first
                    )
                    if len(contacts) > 1
                    else _("I have contacted {company} about this once before.").format(
                        company=company
                    )
                ),
            )
        )
    refs = [squash(c.reference) for c in contacts if c.reference]
    refs += [squash(r.value) for r in case.references if squash(r.value) not in refs]
    # Who gave each reference number: the next person can look them up by name.
    given_by = {squash(c.reference): speaker(c) for c in contacts if c.reference and c.human}
    for r in case.references:
        giver = by_id.get(r.contact_id) if r.contact_id else None
        if giver is not None and giver.human:
            given_by.setdefault(squash(r.value), speaker(giver))
    latest_ref = refs[-1] if refs else ""
    if latest_ref:
        ref = clip(latest_ref, 40)
        named_by = given_by.get(latest_ref)
        optional.append(
            _Part(
                "latest reference",
                40,
                _("My latest reference number is {reference}, given by {who}.").format(
                    reference=ref, who=named_by
                )
                if named_by
                else _("My latest reference number is {reference}.").format(reference=ref),
                (latest_ref,),
            )
        )
    promises = case.promises
    order_of = {p.id: i for i, p in enumerate(promises)}
    ranked = (
        [p for p in reversed(promises) if p.overdue and p.state == "pending"]
        + [p for p in reversed(promises) if p.state == "broken"]
        + [p for p in reversed(promises) if p.state == "pending" and not p.overdue]
    )
    unkept = [p for p in promises if p.state == "broken" or p.overdue]
    if len(unkept) > 1:
        optional.append(
            _Part(
                "unkept promises",
                11,
                _("{n} promises made to me have not been kept.").format(n=len(unkept)),
            )
        )
    for p in ranked:
        contact = by_id.get(p.contact_id) if p.contact_id else None
        mentions = (
            tuple(x for x in (squash(contact.reference), squash(contact.rep_name)) if x)
            if contact
            else ()
        )
        optional.append(
            _Part(
                f"promise {p.id}",
                20 + order_of[p.id] / (len(promises) + 1),
                promise_sentence(p, contact),
                mentions,
            )
        )
    if contacts:
        last = contacts[-1]
        last_promised = any(p.contact_id == last.id for p in ranked)
        if not last_promised:
            mentions = tuple(x for x in (squash(last.reference), squash(last.rep_name)) if x)
            optional.append(_Part("latest contact", 30, _contact_sentence(last), mentions))
        humans = [c for c in contacts if c.rep_name]
        if humans and humans[-1] is not last:
            name = squash(humans[-1].rep_name)
            optional.append(
                _Part(
                    "latest representative",
                    41,
                    _("The last representative I spoke with was {name}.").format(
                        name=clip(name, 40)
                    ),
                    (name,),
                )
            )
        if last.answer and not last_promised:
            optional.append(_Part("latest answer", 31, answer_sentence(last)))
    if said.details:
        optional.append(_Part("details", 2, said.details))
    kept = evidence_sentence(case)
    if kept:
        optional.append(_Part("evidence", 3.5, kept))
    if len(refs) > 1:
        others = [
            _("{reference} (from {who})").format(reference=clip(r, 40), who=given_by[r])
            if r in given_by
            else clip(r, 40)
            for r in refs[:-1]
        ]
        optional.append(
            _Part(
                "other references",
                42,
                _("Earlier reference numbers: {references}.").format(references=", ".join(others)),
            )
        )

    # the user's own words, asked for: after every fact, in the room left, the latest
    # tried first
    if with_notes:
        noted = [c for c in contacts if squash(c.note)]
        for number, c in enumerate(reversed(noted)):
            note = ended(clip(squash(c.note), 300).rstrip(":;,-–— ") or "…")  # as typed
            optional.append(
                _Part(
                    f"note {c.id}",
                    35 + (len(noted) - number) / (len(noted) + 1),
                    _("My note of {date}: {note}").format(date=say_date(c.at), note=note),
                )
            )
    question = _Part("question", 99, question_text)
    chosen = [p for p in required if p.text] + [question]
    left_out = []
    for part in optional:
        if only is not None:
            if part.key in only:
                chosen.append(part)
        elif limit is None or len(_compose(chosen + [part])) <= limit:
            chosen.append(part)
        else:
            left_out.append(part.key)
    # The latest reference and representative need no sentence of their own
    # when another chosen sentence already names them.
    for key in ("latest reference", "latest representative"):
        named = next((p for p in chosen if p.key == key), None)
        if named and any(named.mentions[0] in p.mentions for p in chosen if p is not named):
            chosen.remove(named)
    return chosen, left_out, tight


def _compose(parts: list[_Part]) -> str:
    paragraphs: list[list[str]] = [[], [], []]
    for part in sorted(parts, key=lambda p: p.place):
        paragraphs[0 if part.place < 10 else 1 if part.place < 99 else 2].append(part.text)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)
