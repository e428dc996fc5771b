"""The message to paste into the next chat: the problem, the history a
representative needs, and a question, within the chat box's limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.casefile import CaseFile, Contact, Promise, json_name
from tracker.prose.deadlines import chat_deadline
from tracker.prose.statement import CHAT_BUDGETS, evidence_sentence, statement
from tracker.prose.words import (
    bare,
    cap,
    clip,
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
    "wrong-item": "Can you help me correct this?",
    "damaged": "Can you help me correct this?",
    "not-delivered": "Can you help me find my package or get this put right?",
    "late": "Can you help me get this put right?",
    "refund": "Can you help me get my refund?",
    "billing": "Can you help me get this charge corrected?",
}
DEFAULT_QUESTION = "Can you help me resolve this?"


@dataclass
class ChatSummary:
    """The message to paste into the next chat, within the chat box's limit."""

    for_: str = field(default="chat", init=False, metadata=json_name("for"))
    case: int = field(kw_only=True)
    company: str = field(kw_only=True)
    order: str | None = field(kw_only=True)
    message: str = field(kw_only=True)
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


_CHANNEL_VERB = {
    "chat": "chatted with",
    "phone": "called and spoke with",
    "email": "emailed",
    "social": "wrote to",
    "in-person": "spoke in person with",
}
_RESULT_WORDS = {
    "disconnected": "but we were disconnected",
    "no-answer": "but got no answer",
    "refused": "who said they could not help with this",  # calmly: no blame in the chat
    "transferred": "who transferred me",
    "escalated": "who escalated the case",
}


def _contact_sentence(c: Contact) -> str:
    when = say_date(c.at)
    channel = c.channel or "other"
    if c.with_ == "nobody":
        how = {"phone": "called", "chat": "tried the chat", "email": "emailed"}.get(
            channel, "tried to reach you"
        )
        return f"On {when} I {how}, but nobody answered."
    verb = _CHANNEL_VERB.get(channel, "contacted")
    who = speaker(c)
    text = f"On {when} I {verb} {who}"
    if c.reference:
        text += f" (reference {clip(squash(c.reference), 40)})"
    words = _RESULT_WORDS.get(c.result or "")
    if words:
        text += (", " if who else " ") + words
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
    if _REPORTED.match(answer):
        return answer
    if _NO_SUBJECT.match(answer) and not answer.split()[0].isupper():
        who = speaker(contact)
        who = re.sub(r"^an? ", "the ", who)
        return sentence(f"{who} {answer[0].lower()}{answer[1:]}")
    return f"I was told: {answer}"


def chat_summary(case: CaseFile, *, limit: int = CHAT_LIMIT) -> ChatSummary:
    """The chat message: the statement, the history a representative needs, a question.

    When everything does not fit in `limit` characters, the most useful facts
    are kept (the contact count, the latest reference, overdue promises) and
    whole sentences are left out, never cut.
    """
    company = squash(case.company) or "you"
    said = statement(case, short=True)
    question_text = QUESTIONS.get(case.category, DEFAULT_QUESTION)
    for tight in range(1, len(CHAT_BUDGETS)):
        essentials = ((0, said.ordered), (1, said.problem), (3, said.want), (99, question_text))
        if len(_compose([_Part("", place, text) for place, text in essentials if text])) <= limit:
            break
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
                    f"I have contacted {company} {times(len(contacts))} about this since {first}."
                    if len(contacts) > 1
                    else f"I have contacted {company} about this once before."
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
                f"My latest reference number is {ref}, given by {named_by}."
                if named_by
                else f"My latest reference number is {ref}.",
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
            _Part("unkept promises", 11, f"{len(unkept)} promises made to me have not been kept.")
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
                    f"The last representative I spoke with was {clip(name, 40)}.",
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
            f"{clip(r, 40)} (from {given_by[r]})" if r in given_by else clip(r, 40)
            for r in refs[:-1]
        ]
        optional.append(
            _Part("other references", 42, f"Earlier reference numbers: {', '.join(others)}.")
        )

    question = _Part("question", 99, question_text)
    chosen = [p for p in required if p.text] + [question]
    left_out = []
    for part in optional:
        if len(_compose(chosen + [part])) <= limit:
            chosen.append(part)
        else:
            left_out.append(part.key)
    # The latest reference and representative need no sentence of their own
    # when another chosen sentence already names them.
    for key in ("latest reference", "latest representative"):
        named = next((p for p in chosen if p.key == key), None)
        if named and any(named.mentions[0] in p.mentions for p in chosen if p is not named):
            chosen.remove(named)
    message = _compose(chosen).replace("….", "…")
    return ChatSummary(
        case=case.id,
        company=case.company or "",
        order=case.order.number if case.order else None,
        message=message,
        characters=len(message),
        limit=limit,
        left_out=left_out,
    )


def _compose(parts: list[_Part]) -> str:
    paragraphs: list[list[str]] = [[], [], []]
    for part in sorted(parts, key=lambda p: p.place):
        paragraphs[0 if part.place < 10 else 1 if part.place < 99 else 2].append(part.text)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)
