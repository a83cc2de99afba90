"""ArgumentStage (issue 3): actor, recipient, location, time and quantities of each event.

The stage knows no language: it reads the language's word classes (``argument_words.tsv``)
and role markers (``argument_patterns.tsv``) through the :mod:`sentence_view` of the event's
sentence, built once and shared by all events of that sentence.

Roles follow the trigger's voice:

* an active verb takes its subject (the nearest party before it that no preposition marks)
  as actor and its object or a marked party ("terhadap X", "against X") as recipient;
  a verb joined to an earlier one ("… menangkap X dan menahan Y") shares its subject;
* a passive or undergoer verb ("ditangkap", "tewas", "was killed") takes its subject as
  recipient and an "oleh/by" party (in Indonesian also a bare one: "ditangkap polisi") as
  actor;
* a noun takes its genitive ("serangan Israel", "Russia's invasion", "Israeli strikes") --
  as recipient if the noun names what was done to someone ("penangkapan X", "X's arrest") --
  and marked parties; the object of a verb ("melancarkan serangan", "carried out an
  operation") takes that verb's subject as actor.

Then: a coordination "antara X dan Y" / "between X and Y" gives both sides; a coordinated
actor of a reciprocal event ("India and Pakistan agreed a truce") is its own counterpart;
forces that are deployed or withdrawn are their own side's, never a recipient; a verb of
impact after a disaster or attack names who it hit ("longsor … menimpa rumah milik X").

The location is the nearest place a location marker introduces ("di X", "in X"). Each time
and quantity goes to the trigger nearest it (in its clause if a trigger stands there);
coordinated triggers ("banjir dan longsor") share them. The date of a statement ("kata X,
Senin (20/10)", "Dilansir AFP, Kamis") is not the event's, unless the event is the statement.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import compress

from pantau.doc import Doc, QuantityMention, TimeMention
from pantau.extract.sentence_view import (
    COMPLEMENTISERS,
    DocIndex,
    Language,
    Party,
    SentenceView,
    doc_index,
    events_by_sentence,
    language,
    marker_index,
    pronoun_name,
)
from pantau.record import Event, Quantity, TimeSpan
from pantau.text.form_table import FormTable

# Event types whose events have no agent: what the text names is a victim or a place.
NO_ACTOR_TYPES = frozenset({"DISASTER", "ACCIDENT"})
# Statements that are events themselves: the date of the statement is theirs.
SPEECH_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE"})
STATEMENT_REACH = 8  # words after a cue verb that may still tell when it was said …
STATEMENT_TAIL = 3  # … when a "that" closes them, else only these few
# Types whose coordinated actor ("India and Pakistan") is also its own counterpart.
RECIPROCAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "ASSAULT", "RETREAT", "ACCUSE"})
# Types whose victims a verb of impact after the trigger names ("gempa menewaskan X").
IMPACT_TYPES = frozenset({"DISASTER", "ACCIDENT", "ASSAULT"})
IMPACT_REACH = 10
OWN_FORCES_TYPES = frozenset({"AID", "MOBILIZE", "RETREAT"})
# Help given "with": "dengan bantuan X", "with the help of X" -- the clause's subject gets it.
INSTRUMENT_TYPES = frozenset({"AID"})
# Supplies sent to a capital go to its government: the capital is no location (a visit's is).
SUPPLY_TYPES = frozenset({"AID"})
OBJECT_REACH = 4  # words between a verb and an unmarked party that is its object
VERB_REACH = 5  # words between a verb and the noun trigger that is its object
ROLE_MARKS = ("location", "recipient", "actor")
FIRST_REACH = 3  # words before a trigger where "first" may stand ("the first direct talks")
# Word classes that are not a plain noun a description could qualify.
NOT_A_NOUN = ("determiner", "modifier", "adverb", "aux", "coordinator", "relative", "clause",
              "light_verb", "place_noun", "ordinal")


@dataclass
class Roles:
    actor: Party | None = None
    recipient: Party | None = None
    location: Party | None = None


# ----------------------------------------------------------------------------- voice

def voice(view: SentenceView, lang: Language, first: int, parties: list[Party],
          before_first: int | None = None) -> str:
    """active | passive | undergoer | noun, from the trigger's first word and its context
    (``before_first``: _previous_index of ``first`` if the caller knows it)."""
    lows = view.lows
    classes = lang.classes  # word-class tests as set lookups: this runs once per event
    be, aux = classes["be"], classes["aux"]
    opening = first
    while first + 1 < len(lows) and (lows[first] in be or lows[first] in aux):
        first += 1  # a trigger that opens with its auxiliary: "being held", "would strike"
    w = lows[first]
    form = word_forms(lang)[w]
    j = before_first if first == opening and before_first is not None \
        else _previous_index(view, lang, first)
    prev = lows[j] if j >= 0 else ""
    if prev in be:
        if form & PARTICIPLE:
            return "passive"
        if form & PROGRESSIVE:
            return "active"  # "is sending"
    if w in lang.words.lengths and lang.words.match(lows, first, "undergoer"):
        return "undergoer"
    if w in classes["light_verb"]:
        return "active"
    if form & PASSIVE:
        return "passive"
    if form & ACTIVE:
        return "active"
    if prev in classes["determiner"] or prev in classes["possessive"]:
        return "noun"
    if prev in aux or form & PARTICIPLE or w in classes["verb"] \
            or (form & PRESENT and _after_party(parties, j)):
        agent_next = first + 1 < len(lows) and any(
            m.role == "actor" for m in lang.markers.get(lows[first + 1], ()))
        if agent_next and form & PARTICIPLE:
            return "passive"  # "those detained by police"
        return "active"
    if form & PROGRESSIVE:
        if prev == "," or prev in classes["clause"] or prev in classes["clause_if_subject"]:
            return "adjunct"  # "…, threatening an assault": the main clause's subject acts
        return "active"  # "a video urging residents to leave"
    if lang.option("verb_after_subject") and _after_party(parties, j):
        return "active"  # "kami imbau warga"
    return "noun"


def _after_party(parties: list[Party], j: int) -> bool:
    """A party other than a nationality ends at word j."""
    return any(p.last == j + 1 and p.etype != "NORP" for p in parties)


# What a word's affixes show (see word_forms): bits of an int.
PARTICIPLE, PROGRESSIVE, PASSIVE, ACTIVE, PRESENT, VERB_LIKE = 1, 2, 4, 8, 16, 32
FORM_CACHE_LIMIT = 200_000  # distinct word forms remembered per language


def _affix_bits(lang: Language, w: str) -> int:
    """What the affixes of the lower-cased word ``w`` show, as bits."""
    bits = 0
    if _participle(lang, w):
        bits |= PARTICIPLE
    if _ends(w, lang.progressive_suffixes):
        bits |= PROGRESSIVE
    if _passive(lang, w):
        bits |= PASSIVE
    if _starts(w, lang.prefix_active) \
            or (_ends(w, lang.verb_suffixes) and not w.startswith(lang.noun_prefixes)):
        bits |= ACTIVE
    if _ends(w, lang.present_suffixes):
        bits |= PRESENT
    if _verb_like(lang, w):
        bits |= VERB_LIKE
    return bits


@cache
def word_forms(lang: Language) -> FormTable:
    """Lower-cased word -> ``_affix_bits``, computed on first sight: the tests run again and
    again on the same triggers and their neighbours."""
    return FormTable(partial(_affix_bits, lang), FORM_CACHE_LIMIT)


@cache
def role_markers(lang: Language) -> frozenset[str]:
    """The markers that give the party after them a role (ROLE_MARKS) for some type."""
    return frozenset(word for word, markers in lang.markers.items()
                     if any(m.role in ROLE_MARKS for m in markers))


def _previous_index(view: SentenceView, lang: Language, i: int) -> int:
    j = i - 1
    adverbs = lang.classes["adverb"]
    while j >= 0 and view.lows[j] in adverbs:
        j -= 1
    return j


def _ends(word: str, suffixes: tuple[str, ...]) -> bool:
    # endswith(tuple) first: most words end in none of the suffixes
    return word.endswith(suffixes) \
        and any(word.endswith(s) and len(word) > len(s) + 2 for s in suffixes)


def _starts(word: str, prefixes: tuple[str, ...]) -> bool:
    """An affix before a stem of four letters or more."""
    return word.startswith(prefixes) \
        and any(word.startswith(p) and len(word) > len(p) + 3 for p in prefixes)


def _verb_like(lang: Language, w: str) -> bool:
    """A word whose form shows it is a verb: an affixed verb, a past or -ing form."""
    if _starts(w, lang.prefix_active):
        return True
    return _ends(w, lang.verb_form_suffixes) or w in lang.classes["verb"]


def _passive(lang: Language, w: str) -> bool:
    return _starts(w, lang.prefix_passive) and w not in lang.classes["not_passive"]


def _participle(lang: Language, w: str) -> bool:
    return _ends(w, lang.participle_suffixes) or w in lang.classes["participle"]


def is_patient_noun(lang: Language, word: str) -> bool:
    return any(p.search(word) for p in lang.patient_nouns)


# ----------------------------------------------------------------------------- roles

class SentenceParties:
    """What the role finders of one sentence's events share: its parties that may take a
    role, and whether any of them is a coordination ("X dan Y")."""

    def __init__(self, view: SentenceView):
        self.unblocked = [p for p in view.parties if not p.blocked]
        self.coordination = any(len(p.members) >= 2 for p in view.parties)
        self._edges: set[int] | None = None

    def edges(self, view: SentenceView) -> set[int]:
        """The first and the last word of each party (verb_subject stops there), once per
        sentence."""
        if self._edges is None:
            self._edges = {p.first for p in view.parties} | {p.last - 1 for p in view.parties}
        return self._edges


class RoleFinder:
    """Reads actor, recipient and location of one event off its sentence view."""

    def __init__(self, view: SentenceView, lang: Language, event: Event,
                 earlier: list[tuple[int, Party | None, str]],
                 sentence: SentenceParties | None = None):
        self.view = view
        self.lang = lang
        self.type = event.type
        self.first, self.last = view.word_range(*event.trigger)
        self.sentence = sentence if sentence is not None else SentenceParties(view)
        # "X stressed that …": a trigger in the reported clause takes no party before it
        opens = 0  # (a cue opening nothing gives -1: no party starts before 0 either)
        for c in view.cues:
            if c.kind == "before" and c.last < self.first:
                opens = max(opens, _complement_open(view, c.last, self.first))
        first, last = self.first, self.last
        if opens > 0:
            self.parties = [p for p in self.sentence.unblocked if p.first >= opens
                            and (p.last <= first or p.first >= last)]
        else:
            self.parties = [p for p in self.sentence.unblocked
                            if p.last <= first or p.first >= last]
        # (last word, subject, voice) of the triggers before it in the sentence
        self.earlier = earlier
        self.voice = ""
        self._following: dict[int, list[Party]] = {}  # several roles look right of one word
        # the word before the trigger, adverbs skipped (several roles look at it)
        self.before_first = _previous_index(view, lang, self.first)

    def marker(self, p: Party) -> str:
        """marker_before(), inlined (it runs for many parties of every event): a party after
        the trigger takes no marker from the trigger's own words."""
        at = p.marker_at
        if at is None:
            at = p.marker_at = marker_index(self.view, self.lang, p)
        return self.view.lows[at] if at >= 0 and (at >= self.last or p.first < self.last) \
            else ""

    def marked(self, p: Party, role: str) -> bool:
        at = p.marker_at  # marker(), inlined once more: this runs for most parties
        if at is None:
            at = p.marker_at = marker_index(self.view, self.lang, p)
        if at < 0 or at < self.last <= p.first:
            return False
        return self.lang.marker_role(self.view.lows[at], role, self.type)

    def unmarked(self, p: Party) -> bool:
        return self.marker(p) not in role_markers(self.lang)  # ("": no marker, not in it)

    def subject(self, before: int) -> Party | None:
        """The nearest party left of word ``before`` that no preposition marks (one right
        before the verb is its subject whatever precedes it: "…, dengan X dan Y saling
        menuduh")."""
        for p in reversed(self.parties):
            if p.last <= before and (self.unmarked(p) or p.last == before
                                     or self.relative_subject(p, before)):
                return p
        return None

    def relative_subject(self, p: Party, before: int) -> bool:
        """ "dengan Presiden X yang berulang kali mengisyaratkan …": a party a relative word
        follows is the subject of the relative clause's verb, whatever marks the party."""
        lows = self.view.lows
        if p.last >= before or lows[p.last] not in self.lang.classes["relative"]:
            return False
        return all(w in self.lang.classes["adverb"] or w in self.lang.classes["aux"]
                   for w in lows[p.last + 1:before])

    def main_subject(self) -> Party | None:
        """The subject of the sentence's main clause: its first unmarked party, or for an
        opening adjunct ("After conducting tests in 1998, India and Pakistan became …") the
        first one after its comma."""
        before = next((p for p in self.parties if p.last <= self.first and self.unmarked(p)), None)
        if before is not None:
            return before
        return next((p for p in self.parties if p.first > self.last
                     and self.view.texts[p.first - 1] == "," and self.unmarked(p)), None)

    def shared_subject(self) -> tuple[bool, Party | None]:
        """A verb right after "dan"/"and" shares the subject of the verb before it ("X
        menangkap Y dan menahan Z", "he was stopped and sent home")."""
        j = self.before_first
        while j >= 0 and j in self.view.timed:
            j -= 1  # "… dan sejak itu memperluas": a time between "dan" and the verb
        if j < 0 or self.view.lows[j] not in self.lang.classes["coordinator"]:
            return False, None
        for last, subject, earlier_voice in reversed(self.earlier):
            if last <= j and earlier_voice != "noun":  # a noun before "dan" has no subject
                return True, subject
        return False, None

    def passive_by_coordination(self, v: str) -> str:
        """ "was stopped and sent home": a participle joined to a passive is passive."""
        j = self.before_first
        if v == "active" and j >= 0 and self.view.lows[j] in self.lang.classes["coordinator"] \
                and word_forms(self.lang)[self.view.lows[self.first]] & PARTICIPLE:
            for last, _, earlier_voice in reversed(self.earlier):
                if last <= j:
                    return "passive" if earlier_voice == "passive" else v
        return v

    def following(self, after: int) -> list[Party]:
        """Parties right of word ``after`` in the trigger's clause."""
        found = self._following.get(after)
        if found is None:
            clause = self.view.clause
            cl = clause[min(after, len(self.view.lows) - 1)]
            found = self._following[after] = [p for p in self.parties
                                              if p.first >= after and clause[p.first] == cl]
        return found

    def object(self, after: int) -> Party | None:
        """The verb's object, or a party a recipient marker introduces. A described object
        ("kekuatan militer", "pasukan") gives way to a marked entity ("terhadap Oman")."""
        direct = marked = None
        for p in self.following(after):
            m = self.marker(p)
            if not m and direct is None and marked is None \
                    and self.view.segment[p.first] == self.view.segment[after - 1] \
                    and p.first - after <= OBJECT_REACH and not self.noun_modifier(p):
                direct = p
            elif m and marked is None and self.lang.marker_role(m, "recipient", self.type):
                marked = p
        if direct is not None and self.own_forces(direct):
            direct = None  # "mengerahkan pasukan ke X": the forces are the actor's own
        if direct is not None and (direct.kind == "entity" or marked is None
                                   or marked.kind != "entity"):
            return direct
        return marked

    def noun_modifier(self, p: Party) -> bool:
        """ "menempatkan satelit militer": a description right after a plain noun qualifies
        that noun (languages whose modifiers follow the noun)."""
        if p.kind != "descriptor" or p.first - 1 <= self.first \
                or not self.lang.option("postnominal_genitive"):
            return False  # (the word before may end the trigger: "memperluas hubungan militer")
        w = self.view.lows[p.first - 1]
        lang = self.lang
        if p.first - 1 in self.view.counted:
            return False  # "memeriksa empat saksi": a count, not a noun
        return w.isalpha() and not any(lang.has(c, w) for c in NOT_A_NOUN) \
            and not word_forms(lang)[w] & VERB_LIKE and w not in lang.markers

    def own_forces(self, p: Party) -> bool:
        """Forces deployed, sent or withdrawn are their own side's, not a recipient."""
        lows = self.view.lows
        return self.type in OWN_FORCES_TYPES and (
            lows[p.first] in self.lang.classes["own_forces"]
            or lows[p.last - 1] in self.lang.classes["own_forces"])

    def trigger_object(self) -> Party | None:
        """ "calls on X", "appeal to X": a trigger ending in its own preposition; "the
        invasion of X": a noun's object right after it."""
        lows = self.view.lows
        if lows[self.last - 1] in self.lang.markers:
            at = self.last
        elif self.last < len(lows) and lows[self.last] in self.lang.classes.get("object_of", ()):
            at = self.last + 1
        else:
            return None
        return next((p for p in self.parties if p.first == at or p.first == at + 1
                     and lows[at] in self.lang.classes["determiner"]), None)

    def marked_after(self, after: int, role: str) -> Party | None:
        for p in self.following(after):
            if self.marked(p, role):
                return p
        return None

    def bare_agent(self) -> Party | None:
        """ "ditangkap polisi": in some languages the agent follows a passive verb bare."""
        if not self.lang.option("bare_passive_agent"):
            return None
        return next((p for p in self.parties if p.first == self.last and p.kind != "pronoun"),
                    None)

    def genitive(self) -> Party | None:
        """'serangan Israel' (a party right after the noun), "Russia's invasion",
        "Israeli strikes", "army operation" (a party right before it)."""
        lows = self.view.lows
        at = self.last
        while at < len(lows) and lows[at] in self.lang.classes["ordinal"]:
            at += 1  # "uji coba nuklir keempat Pyongyang"
        for p in self.parties:
            if self.last <= p.first <= at and not self.marker(p) \
                    and self.lang.option("postnominal_genitive"):
                return p
            if p.last <= self.first and self.first - p.last <= 3:
                gap = lows[p.last:self.first]
                if (gap and gap[0] in self.lang.classes["possessive"]) or (
                        not gap and p.kind != "pronoun" and (
                        p.etype == "NORP" or self.lang.option("prenominal_agent"))):
                    return p
        return None

    def find(self) -> Roles:
        roles = Roles()
        v = voice(self.view, self.lang, self.first, self.parties, self.before_first)
        v = self.voice = self.passive_by_coordination(v)
        head = self.view.lows[self.first]
        if v in ("active", "adjunct"):
            shared, actor = self.shared_subject()
            if shared:
                roles.actor = actor
            elif v == "adjunct":
                roles.actor = self.main_subject()
            else:
                roles.actor = self.subject(self.first)
            roles.recipient = self.object(self.last)
        elif v in ("passive", "undergoer"):
            shared, subject = self.shared_subject()
            roles.recipient = subject if shared else self.subject(self.first)
            roles.actor = self.marked_after(self.last, "actor") \
                or (self.bare_agent() if v == "passive" else None)
            if roles.recipient is not None and self.own_forces(roles.recipient):
                # "pasukan yang dikirim ke perbatasan": sent by their own side
                roles.actor = roles.actor or roles.recipient
                roles.recipient = self.marked_after(self.last, "recipient")
        else:
            gen = self.genitive()
            if gen is not None and is_patient_noun(self.lang, self.lang.bare(head)) \
                    and not self.own_forces(gen):
                roles.recipient = gen
            else:
                roles.actor = gen  # "penarikan pasukan Israel": Israel withdraws its own
            roles.actor = roles.actor or self.marked_after(self.last, "actor")
            roles.recipient = roles.recipient or self.marked_after(self.last, "recipient") \
                or self.trigger_object()
            if roles.actor is None:
                roles.actor = self.verb_subject()
            if roles.recipient is not None and self.own_forces(roles.recipient):
                # "the withdrawal of Israeli troops": they withdraw themselves
                roles.actor, roles.recipient = roles.actor or roles.recipient, None
        before = self.view.lows[self.first - 1] if self.first else ""
        if v == "noun" and roles.recipient is None and self.type in INSTRUMENT_TYPES \
                and before in self.lang.classes["instrumental"]:
            roles.recipient = self.main_subject()  # "X bersiap … dengan bantuan Rusia"
        roles.location = self.location()
        if roles.recipient is not None and self.marked(roles.recipient, "location") \
                and not self.marked(roles.recipient, "recipient"):
            roles.recipient = None
        if roles.location is not None and roles.location is roles.recipient \
                and roles.recipient.country and self.type in SUPPLY_TYPES:
            roles.location = None  # "memasok senjata ke Moskow": the government, not a place
        # "kedua pemimpin", "both sides": unnamed
        if roles.actor is not None and self.dual(roles.actor) \
                and not self.marked(roles.actor, "pair"):
            roles.actor = None
        if roles.recipient is not None and self.dual(roles.recipient) \
                and not self.marked(roles.recipient, "pair"):
            roles.recipient = None
        if roles.actor is not None and roles.actor is roles.recipient:
            roles.recipient = None
        if roles.actor is not None and len(roles.actor.members) > 1 and (
                self.reciprocal() or roles.recipient is None and self.type in RECIPROCAL_TYPES):
            # "India and Pakistan reached a truce": each side is the other's counterpart
            roles.recipient = replace(roles.actor, name=roles.actor.members[1][0], country=None)
        self.pair(roles)
        if roles.recipient is None and self.type in IMPACT_TYPES:
            roles.recipient = self.impacted()
        if self.type in NO_ACTOR_TYPES:
            roles.actor = None
        return roles

    def reciprocal(self) -> bool:
        """A reciprocal word at the trigger ("saling", "each other")."""
        return not self.lang.classes["reciprocal"].isdisjoint(
            self.view.lows[max(0, self.first - 1):self.last])

    def dual(self, p: Party) -> bool:
        """A description of the two parties named before ("kedua pemimpin", "the two
        countries"): it names no one by itself."""
        return p.kind == "descriptor" and not p.members and not self.lang.classes[
            "dual"].isdisjoint(self.view.lows[p.first:min(p.first + 2, p.last)])

    def pair(self, roles: Roles) -> None:
        """ "perundingan antara X dan Y": X and Y are the two sides, unless an actor is named
        elsewhere ("Oman menjadi mediator antara AS dan Iran"): then they are its recipient."""
        if not self.sentence.coordination or self.type in NO_ACTOR_TYPES:
            return  # no two sides named
        pair = self.marked_after(self.last, "pair")
        if pair is None or len(pair.members) < 2:
            return
        if roles.actor is None:
            (a, a0, a1), (b, b0, b1) = pair.members[:2]
            roles.actor = replace(pair, name=a, start=a0, end=a1, country=None, members=())
            roles.recipient = replace(pair, name=b, start=b0, end=b1, country=None, members=())
        elif roles.recipient is None:
            roles.recipient = pair

    def impacted(self) -> Party | None:
        """Who a disaster or an attack hit: the object of a verb of impact right after the
        trigger ("longsor … menimpa rumah milik Daos", "the blast killed X")."""
        lows = self.view.lows
        for j in range(self.last, min(self.last + IMPACT_REACH, len(lows))):
            if self.view.clause[j] != self.view.clause[self.first]:
                return None
            if lows[j] in self.lang.classes["impact_verb"]:
                for p in self.following(j + 1):
                    if self.unmarked(p) and (p.etype in ("PER", "ORG", "NORP")
                                             or self.names_people(p)):
                        return p
                return None
        return None

    def names_people(self, p: Party) -> bool:
        """ "beberapa warga Korea Utara", "sejumlah warga": a description of people."""
        return not self.lang.classes["people"].isdisjoint(self.view.lows[p.first:p.last])

    def verb_subject(self) -> Party | None:
        """The subject of the verb whose object the noun is ("melancarkan serangan", "carried
        out a massive operation", "after launching a wave of strikes")."""
        lang, lows = self.lang, self.view.lows
        starts = self.sentence.edges(self.view)
        j = self.first - 1
        while j >= 0 and self.first - j <= VERB_REACH:
            w = lows[j]
            if j in starts or not w.isalpha() or w in lang.classes["clause"]:
                return None
            k = _previous_index(self.view, lang, j)
            before = lows[k] if k >= 0 else ""
            if before in lang.classes["determiner"] and w not in lang.classes["light_verb"]:
                j -= 1
                continue  # "a punishing offensive": a participle used as an adjective
            if w in lang.classes["light_verb"] or word_forms(lang)[w] & VERB_LIKE:
                if word_forms(lang)[w] & PROGRESSIVE and (
                        before in (",", "") or before in lang.classes["clause"]
                        or before in lang.classes["clause_if_subject"]
                        or before in lang.classes["coordinator"]):
                    return self.main_subject()  # "…, after launching a wave of strikes"
                return self.subject(j)
            j -= 1
        return None

    def location(self) -> Party | None:
        """The nearest place a location marker introduces: after the trigger in its clause,
        else before it ("Di Kecamatan X, banjir …")."""
        clause = self.view.clause
        cl = clause[self.first]
        before = None  # the last place before the trigger
        for p in self.view.parties:
            if p.kind != "entity" or p.etype in ("PER", "NORP") or not self.marked(p, "location"):
                continue
            if p.first >= self.last and clause[p.first] == cl:
                return p  # the first place after it in its clause
            if p.last <= self.first:
                before = p
        if before is not None:
            return before
        return self.impacted_place() if self.type in NO_ACTOR_TYPES else None

    def impacted_place(self) -> Party | None:
        """The place a disaster or accident struck, the bare object of a verb of impact
        right after it ("gempa … mengguncang Kabupaten Cianjur", "a quake struck X")."""
        lows = self.view.lows
        for j in range(self.last, min(self.last + IMPACT_REACH, len(lows))):
            if self.view.clause[j] != self.view.clause[self.first]:
                return None
            if lows[j] in self.lang.classes["place_impact_verb"]:
                p = next(iter(self.following(j + 1)), None)
                if p is not None and p.first - j <= OBJECT_REACH and p.kind == "entity" \
                        and p.etype in ("GPE", "LOC") and self.unmarked(p):
                    return p
                return None
        return None


def role_name(p: Party, role: str) -> str:
    """A capital standing for its government is coded as the country; places keep their name."""
    if role != "location" and p.country and p.etype == "GPE":
        return p.country
    return p.name


# ----------------------------------------------------------------------------- time, quantities

def statement_words(view: SentenceView,
                    triggers: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """Words that tell when a statement was made or relayed ("…," kata X, Senin (20/10)",
    "said on Monday"; "Dilansir AFP, Senin (3/2),"): a date there is the statement's, not
    that of the event it reports. Returns (said, relayed)."""
    said: set[int] = set()
    relayed: set[int] = set()
    n = len(view.lows)
    first_trigger = min((a for a, _ in triggers), default=n)
    for cue in view.cues:
        if cue.kind in ("after", "after_quote", "pronominal"):
            if cue.first > 1 and cue.first > first_trigger:
                said.update(range(cue.first, n))  # a closing attribution runs to the end
                continue
            # an opening one: the cue, its party and the comma-separated part that follows
            commas, j = 0, cue.first
            while j < n and commas < 2:
                commas += view.texts[j] == ","
                relayed.add(j)
                j += 1
        elif cue.kind == "before":
            said.update(range(cue.first, _statement_end(view, cue.last)))
            opening = range(_clause_start(view, cue.first), cue.first)
            if _reports_what_follows(view, cue.last) \
                    and not any(a in opening for a, _ in triggers):
                # "Kamis pagi, militer X mengatakan …": what opens the clause dates the saying
                said.update(opening)
    return said, relayed


def _complement_at(view: SentenceView, j: int) -> int:
    """Where "that"/"bahwa" opens what a cue verb reports ("reported on Monday that …"), or
    -1 when no complementiser follows it closely."""
    for k in range(j, min(len(view.lows), j + STATEMENT_REACH)):
        if view.lows[k] in COMPLEMENTISERS:
            return k
        if not view.lows[k].isalnum():
            break
    return -1


def _complement_open(view: SentenceView, j: int, trigger: int) -> int:
    """Where what a cue verb ending at ``j`` reports opens, for a trigger at ``trigger``:
    at "that"/"bahwa", else right after the cue when a counted subject of its own stands
    between ("X mengatakan 40 orang diselamatkan, dua orang meninggal": X is not the
    subject); otherwise -1 (a speaker may be the subject: "X said it plans to …")."""
    k = _complement_at(view, j)
    if k >= 0 or trigger <= j:
        return k
    return j if any(i in view.counted for i in range(j, trigger)) else -1


def _clause_start(view: SentenceView, j: int) -> int:
    # clause ids never decrease along the sentence: the clause's first word by bisection
    return bisect_left(view.clause, view.clause[j], 0, j)


def _reports_what_follows(view: SentenceView, j: int) -> bool:
    """A cue verb followed by its content ("mengatakan bahwa …", "said the army had …"), not
    one closing a quote or a clause ("…, X said.")."""
    return j < len(view.lows) and view.texts[j] not in (".", ",", "!", "?", '"', "”")


def _statement_end(view: SentenceView, j: int) -> int:
    """Where the circumstances of a statement end after its cue verb: at "that"/"bahwa" if
    one follows closely ("said on Monday that …"), else a few words on, past the addressee
    ("told the broadcaster NTV on Monday")."""
    n = len(view.lows)
    for p in view.parties:
        if p.first == j and p.blocked:
            j = p.last  # the addressee
    for k in range(j, min(n, j + STATEMENT_REACH)):
        if k in view.clause_starts or view.texts[k] in (",", '"', "“", "”", ":"):
            return k if view.lows[k] in COMPLEMENTISERS else min(k, j + STATEMENT_TAIL)
    return min(n, j + STATEMENT_TAIL)


def attach_layers(index: DocIndex, view: SentenceView, events: list[Event]) -> None:
    """Give each event the time and quantities nearest its trigger: in its clause if a trigger
    stands there, else in its sentence. Triggers in coordination ("banjir dan longsor") share
    them."""
    times, quantities = view.times, view.quantities  # the sentence's (see build_view)
    if not times and not quantities:
        return  # most sentences: nothing to give
    triggers = [view.word_range(*e.trigger) for e in events]
    joined = _coordinated_triggers(view, triggers) if len(triggers) > 1 else {}
    alone = [0] if len(triggers) == 1 else None  # (most sentences have one trigger)

    def owners(first: int, last: int) -> list[int]:
        if alone is not None:
            return alone  # the only trigger is the nearest (read only: shared)
        dist = []
        for k, (a, b) in enumerate(triggers):
            d = a - last if a >= last else first - b if b <= first else 0
            other_clause = view.clause[a] != view.clause[first]
            dist.append((other_clause, max(d, 0), k))
        if not dist:
            return []
        best = min(dist)[:2]
        nearest = {k for c, d, k in dist if (c, d) == best}
        return sorted(nearest | {j for k in nearest for j in joined.get(k, ())})

    # each event takes the nearest time it owns; an unresolved one ("baru-baru ini", "now")
    # only when no resolved one is there, and a time after the trigger wins a tie
    best: dict[int, tuple[tuple[bool, int, bool], TimeMention]] = {}
    if times:  # what only a time needs
        said, relayed = statement_words(view, triggers)
        other_verb = _relative_clauses(view, index.lang, triggers)
    for t in times:
        first, last = view.word_range(t.start, t.end)
        if first in relayed and t.granularity == "day":
            continue  # "Dilansir AFP, Senin (3/2), …": the day it was relayed
        # "this year's polls": a time in the genitive dates the noun after it only
        only = last + 1 if last < len(view.lows) \
            and view.lows[last] in index.lang.classes["possessive"] else None
        for k in owners(first, last):
            a, b = triggers[k]
            if only is not None and a != only:
                continue
            if b <= first and (first in other_verb or _first_since(view, index.lang, a, first)):
                continue  # the time of another verb, or of the event before this "first" one
            if first in said and (events[k].type not in SPEECH_TYPES
                                  or min(abs(a - last), abs(first - b)) > STATEMENT_REACH):
                continue  # a speech event far from the date is reported, not the saying
            key = (t.start_date is None, a - last if last <= a else max(first - b, 0), last <= a)
            if k not in best or key < best[k][0]:
                best[k] = (key, t)
    for k, (_, t) in best.items():
        if events[k].time is None:
            events[k].time = _timespan(t)
    for q in quantities:
        first, last = view.word_range(q.start, q.end)
        for k in owners(first, last):
            events[k].quantities.append(_quantity(q))


def _relative_clauses(view: SentenceView, lang: Language,
                      triggers: list[tuple[int, int]]) -> set[int]:
    """Words of a relative clause whose verb is no event, on a noun that is no trigger ("…
    di daerah perbatasan yang telah dilaksanakan sejak tahun lalu"): a time there tells when
    that verb happened, not an event before it (one on the trigger itself, "gencatan senjata
    yang berlaku sejak …", is the event's own)."""
    out: set[int] = set()
    lows, n = view.lows, len(view.lows)
    relatives = lang.classes["relative"]
    if relatives.isdisjoint(lows):
        return out
    # map() over a set's membership test: no Python frame per word
    found = list(compress(range(n), map(relatives.__contains__, lows)))
    in_trigger = {i for a, b in triggers for i in range(a, b)}
    ends = {b for _, b in triggers}
    adverbs, auxiliaries = lang.classes["adverb"], lang.classes["aux"]
    for r in found:
        if r in ends:
            continue
        k = r + 1
        while k < n and (lows[k] in adverbs or lows[k] in auxiliaries):
            k += 1
        if k < n and k not in in_trigger and word_forms(lang)[lows[k]] & (VERB_LIKE | PASSIVE):
            end = k
            while end < n and view.segment[end] == view.segment[k] and end not in in_trigger:
                end += 1
            out.update(range(r, end))
    return out


def _first_since(view: SentenceView, lang: Language, a: int, t: int) -> bool:
    """ "the first talks since 2022", "pertemuan pertama … sejak Juni": a time after "since"
    that follows "first" (just before or after the trigger at word a) dates the previous such
    event."""
    lows = view.lows
    since = any(w in lang.classes["since"] for w in lows[max(a, t - 1):t + 1])
    return since and any(w in lang.classes["first"] for w in lows[max(0, a - FIRST_REACH):t])


def _coordinated_triggers(view: SentenceView,
                          triggers: list[tuple[int, int]]) -> dict[int, set[int]]:
    """Triggers joined by "dan", "and" or a comma alone ("banjir dan longsor")."""
    firsts = [a for a, _ in triggers]
    order = sorted(range(len(triggers)), key=firsts.__getitem__)
    joined: dict[int, set[int]] = {}
    for x, y in zip(order, order[1:], strict=False):
        gap = view.lows[triggers[x][1]:triggers[y][0]]
        if len(gap) == 1 and (gap[0] == "," or gap[0] in view.coordinators):
            group = joined.get(x, {x}) | joined.get(y, {y})
            for k in group:
                joined[k] = group
    return joined


def _timespan(t: TimeMention) -> TimeSpan:
    return TimeSpan(span=(t.start, t.end),
                    start=t.start_date.isoformat() if t.start_date else None,
                    end=t.end_date.isoformat() if t.end_date else None,
                    granularity=t.granularity)


def _quantity(q: QuantityMention) -> Quantity:
    return Quantity(span=(q.start, q.end), value=q.value, qualifier=q.qualifier, unit=q.unit)


# ----------------------------------------------------------------------------- stage

class ArgumentStage:
    def __init__(self, lang: str):
        self.lang = language(lang)

    def __call__(self, doc: Doc) -> None:
        if not doc.events:
            return
        index = doc_index(doc, self.lang)
        for k, events in events_by_sentence(index).items():
            view = index.view(k)
            if not view.lows:
                continue
            earlier: list[tuple[int, Party | None, str]] = []
            sentence = SentenceParties(view)
            for e in events:
                finder = RoleFinder(view, self.lang, e, earlier, sentence)
                roles = finder.find()
                self.fill(index, view, e, roles)
                subject = roles.recipient if finder.voice in ("passive", "undergoer") \
                    else roles.actor
                earlier.append((finder.last, subject, finder.voice))
            attach_layers(index, view, events)

    @staticmethod
    def fill(index: DocIndex, view: SentenceView, e: Event, roles: Roles) -> None:
        for role, span, p in (("actor", "actor_span", roles.actor),
                              ("recipient", "recipient_span", roles.recipient),
                              ("location", "location_span", roles.location)):
            if p is None:
                continue
            other = e.actor if role == "recipient" else None  # a pronoun object is not its subject
            name = pronoun_name(index, p, view, other) if p.kind == "pronoun" \
                else role_name(p, role)
            if name == "":
                continue  # a pronoun with no clear referent: null (SCHEMA.md)
            setattr(e, role, name or p.name)
            setattr(e, span, (p.start, p.end))
