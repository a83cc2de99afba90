"""The entity stage: find names, type them, give each entity one canonical name.

One pass over the document's tokens does the work:

1. **Lexicon** (``entity_units``): at each token, the longest known surface starting
   there (token n-grams looked up in one dict, see ``gazetteer``) with a case check
   ("AS" is the United States, "as" is not).
2. **Units and runs** (``entity_units``): known surfaces and capitalised words
   ("Al-Maghazi" and "S." are one word) are units; adjacent units, with name particles
   ("bin", "von") and connectors ("dan", "of") between them, form a run ("Menteri Luar Negeri Rusia
   Sergey Lavrov").
3. **Reading a run** left to right (here): title words are dropped but say "person"
   ("Presiden", "Kapolda"); a head word types what follows ("Kementerian X" ORG,
   "Kabupaten X" GPE, "Gunung X" LOC); a known surface is a mention; what is left is an
   unknown name typed by its context (a title, "kata X", "di X", a first name, an
   acronym, an institutional word) and by default a person.
4. **Clustering** (``entity_clusters``): a later "Kim", an acronym defined in
   parentheses, "PN Depok" after "Pengadilan Negeri (PN) Depok" join the entity they
   name, and every mention of an entity gets its canonical name.

Language knowledge is data: titles, heads and particles in ``lang/<lang>/name_patterns.json``
(read by ``entity_rules``), known names in ``lang/<lang>/entities.tsv`` and ``data/``.
The output is ``Mention(start, end, type, name, kb, country)``: ``country`` is the country
a city lies in (``gazetteer.capital_of`` tells whether it is that country's capital).
"""

from __future__ import annotations

from collections.abc import Sequence

from pantau.doc import Doc, Mention, Token
from pantau.extract.entity_clusters import Candidate, cluster
from pantau.extract.entity_rules import Rules
from pantau.extract.entity_units import Unit, UnitReader
from pantau.extract.gazetteer import TOKEN_RE, Lexicon, given_names, lexicon_for
from pantau.text.segment import rules_for

MAX_PLACE_UNITS = 3


class EntityStage:
    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon = lexicon_for(lang)
        self.rules = Rules.load(lang, self.lexicon.common_words)
        # A first name that is also a common word of the language ("Di", "Hal") says nothing.
        self.given = frozenset(n for n in given_names() if n.casefold() not in self.rules.common)
        # The segmenter's tokens spare re-tokenising the text, unless one of its
        # abbreviations is a plain word that may end inside a word (see ``_tokens_from``).
        self.reuse_tokens = not any(map(str.isalnum, rules_for(lang).abbreviations))

    def __call__(self, doc: Doc) -> None:
        doc.mentions.extend(self.find(doc.text, doc.tokens if self.reuse_tokens else ()))

    def find(self, text: str, tokens: Sequence[Token] = ()) -> list[Mention]:
        """The mentions in ``text``; ``tokens`` are its segmenter tokens when there are."""
        reader = _Reader(text, self.lexicon, self.rules, self.given, tokens)
        return cluster(reader.candidates(), reader.words, text, self.rules)


class _Reader(UnitReader):
    """Step 3: reads the runs of name units into typed candidates."""

    def __init__(self, text: str, lexicon: Lexicon, rules: Rules, given: frozenset[str],
                 tokens: Sequence[Token] = ()):
        super().__init__(text, lexicon, rules, given, tokens)
        self.out: list[Candidate] = []
        self.org_acronyms: set[str] = set()  # acronyms defined for organisations so far
        self.not_entities: set[str] = set()  # acronyms defined for laws, programmes …
        self.resume_at = 0  # a token index the run loop has already read up to
        self._unit_at: dict[int, tuple[list[Unit], int]] | None = None
        words, last = self.words, self.n - 3
        for k in self.places("("):
            # "improvised explosive device (IED)", "surat berharga negara (SBN)": an
            # acronym of lower-case words is a term, not a name.
            if 0 < k <= last and words[k + 2] == ")" and words[k - 1].islower() \
                    and words[k + 1].isupper():
                self.not_entities.add(words[k + 1])

    # --- 3. runs and candidates ---------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        self.all_runs = self.runs()
        out = self.out
        for units in self.all_runs:
            first = units[0]
            if first.i >= self.resume_at and not first.link and not units[-1].link:
                run = units  # the common case, without a copy (runs are not changed)
            else:
                # Links and units already read (see ``_after_run``) cannot open a name.
                p = 0
                while p < len(units) and (units[p].i < self.resume_at or units[p].link):
                    p += 1
                run = units[p:]
                while run and run[-1].link:
                    run.pop()
            if run:
                self._read_run(run)
                if out and out[-1].type == "ORG":  # (what ``_after_run`` asks first)
                    self._after_run()
        return out

    def _units_from(self, i: int) -> list[Unit]:
        """The units of the run from the one starting at token ``i`` (none if none does)."""
        if self._unit_at is None:
            self._unit_at = {u.i: (units, p) for units in self.all_runs
                             for p, u in enumerate(units)}
        units, p = self._unit_at.get(i, ([], 0))
        return units[p:]

    def _read_run(self, run: list[Unit]) -> None:
        rules = self.rules
        if len(run) == 1 and self._read_lone_unit(run):
            return
        if self._not_an_entity(run):
            return
        person_hint = self._title_before(run[0].i)
        place_template: str | None = None
        q = 0
        while q < len(run):
            u = run[q]
            f = self.folded[u.i]
            if u.link:
                q += 1
                continue
            two_word_title = rules.place_titles.get(f"{f} {self.folded[run[q + 1].i]}") \
                if f in rules.place_title_firsts and q + 1 < len(run) else None
            if two_word_title is not None:
                place_template = two_word_title
                person_hint = True  # "Wali Kota Bogor X": the title, then a place
                q += 2
                continue
            head = self._head(run, q)
            if head is not None:
                q = self._read_headed(run, q, head)
                person_hint = False
                continue
            if u.surface is not None:  # (u.known)
                if place_template is not None and u.surface.entry.type == "GPE" \
                        and u.surface.entry.source != "country":
                    self._add(u.i, u.j, "GPE", place_template.format(u.surface.entry.name),
                              None, u.surface.entry.country, "unknown")
                    place_template = None
                    q += 1
                    continue
                q = self._read_known(run, q)
                continue
            # Titles are dropped, but the name after them is a person (or a place).
            # (The first-name test last: it is the one most words need not reach.)
            if (f in rules.titles or (person_hint and u.j - u.i == 1 and (
                    f in rules.fillers or (f in rules.common and self._more_name_after(run, q))))
                    or (f in rules.fillers and self._title_follows(run, q))) \
                    and not self._is_first_name(run, q):
                if f in rules.place_titles:
                    place_template = rules.place_titles[f]
                person_hint = True
                q += 1
                continue
            if place_template is not None:
                q = self._read_place(run, q, place_template)
                place_template = None
                continue
            q = self._read_unknown(run, q, person_hint)
            person_hint = False

    def _read_lone_unit(self, run: list[Unit]) -> bool:
        """Half the runs are one unit. Reads one as ``_read_run`` would, without its checks
        for longer runs (two-word titles, titles before a name, heads and what follows
        them), unless it heads a phrase; False for those."""
        u = run[0]
        surface = u.surface
        rules = self.rules
        if surface is not None:
            # Unless an organisation heads a name ("Kementerian"), a known surface alone
            # is a mention.
            if surface.entry.type != "ORG" or tuple(self.folded[u.i:u.j]) not in rules.org_heads:
                self._read_known(run, 0)
                return True
            return False
        f = self.folded[u.i]
        if f in rules.head_firsts:
            return False
        # Most are a word capitalised only as it opens a sentence ("Namun"): a plain word
        # alone gives no name, whatever the title or context before it (unless it opens
        # a non-entity phrase, read below: that notes an acronym).
        if u.j - u.i == 1 and f not in rules.non_entity_firsts and self._is_plain_word(u, False):
            return True
        if self._not_an_entity(run):
            return True
        person_hint = self._title_before(u.i)
        # A title alone is dropped (the name it goes with, if any, is not in this run).
        if f in rules.titles or (person_hint and u.j - u.i == 1
                                 and (f in rules.fillers or f in rules.common)):
            return True
        self._emit_unknown(run, person_hint)  # (what ``_read_unknown`` does with one unit)
        return True

    def _more_name_after(self, run: list[Unit], q: int) -> bool:
        """After a title a common word is a portfolio ("Menteri Keuangan Sri Mulyani"), unless
        it would leave a lone word: then it is a first name ("Bupati X Indah Amperawati")."""
        rest = [u for u in run[q + 1:] if not u.link]
        return len(rest) != 1 or rest[0].known

    def _title_follows(self, run: list[Unit], q: int) -> bool:
        """'Foreign Minister X', 'Defence Minister X': fillers before a title."""
        k = q + 1
        while k < len(run) and not run[k].known and (
                run[k].link or self.folded[run[k].i] in self.rules.fillers):
            k += 1
        return k < len(run) and not run[k].known and self.folded[run[k].i] in self.rules.titles

    def _not_an_entity(self, run: list[Unit]) -> bool:
        """Laws, programmes, events, diseases: 'Undang-Undang Dasar', 'virus Andes'."""
        if run[0].known:
            return False
        i = run[0].i
        # Every head phrase starts with the run's first word: most runs are done at that.
        if self.folded[i] in self.rules.non_entity_firsts:
            first = tuple(self.folded[i:run[0].j])
            two = (first[0], self.folded[run[1].i]) if len(run) > 1 else first
            heads = self.rules.non_entity_heads
            if first[:1] in heads or first[:2] in heads or two in heads:
                self._note_acronym(run[-1].j, self.not_entities)
                return True
        before = self.folded[i - 1] if i > 0 else ""
        if before in self.rules.non_entity_before:
            return True
        if i > 1:  # two words before: only those ending one of the two-word phrases
            return before in self.rules.non_entity_before_lasts \
                and f"{self.folded[i - 2]} {before}" in self.rules.non_entity_before
        return "" in self.rules.non_entity_before

    def _note_acronym(self, j: int, into: set[str]) -> None:
        """Record the acronym in parentheses at token j ("… (PSN)")."""
        if j + 2 < self.n and self.words[j] == "(" and self.words[j + 2] == ")":
            into.add(self.words[j + 1])

    def _is_first_name(self, run: list[Unit], q: int) -> bool:
        """'Imam', 'Raja' … are titles, and first names when a surname follows."""
        return (self.words[run[q].i] in self.given and q + 1 < len(run)
                and not run[q + 1].known and not run[q + 1].link
                and self.folded[run[q + 1].i] not in self.rules.titles)

    def _title_before(self, i: int) -> bool:
        """A lower-case title or speech verb right before the name: 'kata X', 'tersangka X'."""
        k = i - 1
        while k >= 0 and self.words[k] == ",":
            k -= 1
        return k >= 0 and not self.facts[k][1] and (
            self.folded[k] in self.rules.titles or self.folded[k] in self.rules.speech_verbs)

    def _read_known(self, run: list[Unit], q: int) -> int:
        u = run[q]
        assert u.surface is not None
        e = u.surface.entry
        nxt = run[q + 1] if q + 1 < len(run) else None
        # "Kementerian Kesehatan Gaza": a known body of a place that is not a country.
        if e.type == "ORG" and nxt is not None and nxt.surface is not None \
                and nxt.surface.entry.type == "GPE" and nxt.surface.entry.source != "country" \
                and not (nxt.surface.entry.kb or "").isalpha():
            place = nxt.surface.entry.name
            written = self.text[self.starts[nxt.i]:self.ends[nxt.j - 1]]
            if place.startswith(written):
                place = written  # "Gaza", not "Gaza Strip", in "Gaza Health Ministry"
            template = self.rules.org_templates.get(tuple(self.folded[u.i:u.j]))
            name = template.format(place) if template else f"{e.name.split(' (')[0]} ({place})"
            self._add(u.i, nxt.j, "ORG", name, None, nxt.surface.entry.country, "head",
                      head_size=u.j - u.i)
            return q + 2
        if e.type in ("GPE", "LOC") and e.source != "country":
            k = q + 1
            while k < len(run) and not run[k].known and not run[k].link:
                k += 1
            last = self.folded[run[k - 1].i] if k > q + 1 else ""
            if last in self.rules.loc_suffixes or last in self.rules.org_suffixes:
                # "Kuala Lumpur International Airport": the place names something else.
                self._emit_unknown(run[q:k], False)
                return k
        if e.type == "PER" and u.j < self.n and self.folded[u.j] in self.rules.person_org_suffixes:
            # "the Trump administration" is an organisation.
            written = self.text[self.starts[u.i]:self.ends[u.j]]
            self._add(u.i, u.j + 1, "ORG", written, None, None, "head")
            return q + 1
        self._add(u.i, u.j, e.type, e.name, e.kb, e.country, e.source)
        if e.type == "ORG":
            self._note_acronym(u.j, self.org_acronyms)
        return q + 1

    def _read_unknown(self, run: list[Unit], q: int, person_hint: bool) -> int:
        """Unknown words up to the next known surface, title, head or connector."""
        rules = self.rules
        # (Asked only when the name may go on: most runs of unknown words are one word.)
        one_name = q + 1 < len(run) and self._named_as_one(run)
        person = self.words[run[q].i] in self.given
        folded = self.folded
        org_words, org_suffixes = rules.org_words, rules.org_suffixes
        # Whether the name reads as an organisation's: one name, or an institutional word
        # (org_words, org_suffixes) among the words run[q:end] (kept up to date as it grows).
        org_like = one_name
        end = q + 1
        while end < len(run):
            u = run[end]
            f = folded[u.i]
            last = run[end - 1]  # the unit that joined the name last: org_like grows with it
            if not org_like and not last.link and (
                    folded[last.i] in org_words or folded[last.i] in org_suffixes):
                org_like = True
            if u.surface is not None and person and end == q + 1 \
                    and u.surface.entry.source in ("city", "country") and u.j - u.i == 1:
                end += 1  # "Pedro Nuno Santos", "Luis Montenegro": a surname, not a place
                continue
            if u.known:
                break
            head = self._head(run, end)
            if (head is not None and not (org_like and head[0] != "ORG")) \
                    or (f in rules.titles and not u.link and not org_like):
                break
            if u.link and f not in rules.particles and not org_like:
                break
            if not u.link and folded[last.i] in org_suffixes \
                    and f not in rules.org_suffixes and f not in rules.org_words \
                    and end - q >= 2 and not one_name:
                break  # "Central Reserve Police Force | GP Singh"
            end += 1
        while end - 1 > q and run[end - 1].link:
            end -= 1
        # "Supreme Court of Kenya", "Bank of Thailand": an institution of a place.
        place = run[end + 1].surface if end + 1 < len(run) else None
        if place is not None and place.entry.type == "GPE" and run[end].link \
                and self.folded[run[end].i] == "of" \
                and self.folded[run[end - 1].i] in rules.org_suffixes:
            end += 2
        self._emit_unknown(run[q:end], person_hint)
        return end

    def _named_as_one(self, run: list[Unit]) -> bool:
        """A run followed by '(ACR)' or by 'party' is one organisation's name."""
        j = run[-1].j
        if j < self.n and self.folded[j] in self.rules.org_nouns_after:
            return True
        return (j + 2 < self.n and self.words[j] == "(" and self.words[j + 2] == ")"
                and self.words[j + 1][:1].isupper() and len(run) > 1
                and any(u.link for u in run))

    # --- heads --------------------------------------------------------------------------------

    def _head(self, run: list[Unit], q: int) -> tuple[str, int, str | None] | None:
        """(type, head units, template) when run[q] starts a head phrase ("Kabupaten X")."""
        u = run[q]
        if u.link or (u.known and not (u.surface is not None and u.surface.entry.type == "ORG"
                                       and tuple(self.folded[u.i:u.j]) in self.rules.org_heads)):
            return None
        if self.folded[u.i] in self.rules.head_firsts:
            folded = [self.folded[x.i] for x in run[q:q + 3]]
            for size in (3, 2, 1):
                if size > len(folded):
                    continue
                key = tuple(folded[:size])
                if key in self.rules.org_heads:
                    return "ORG", size, self.rules.org_templates.get(key)
                if key in self.rules.gpe_heads:
                    return "GPE", size, self.rules.gpe_heads[key]
                if key in self.rules.loc_heads:
                    return "LOC", size, self.rules.loc_heads[key]
                if key in self.rules.norp_heads:
                    return "NORP", size, self.rules.norp_heads[key]
        if not u.known and self.words[u.i] in self.org_acronyms and q + 1 < len(run):
            return "ORG", 1, None
        return None

    def _read_headed(self, run: list[Unit], q: int, head: tuple[str, int, str | None]) -> int:
        type_, size, template = head
        body_start = q + size
        head_key = tuple(self.folded[run[q].i:run[q + size - 1].j])
        takes_place = type_ == "GPE" or head_key in self.rules.place_org_heads \
            or (type_ == "ORG" and self.words[run[q].i] in self.org_acronyms)
        end = body_start
        while end < len(run):
            u = run[end]
            f = self.folded[u.i]
            if end > body_start and (
                    (not u.known and not u.link and f in self.rules.titles
                     and f not in self.rules.org_words)
                    or (takes_place and self._person_starts(run, end))
                    or (takes_place and (not self._place_goes_on(run, body_start, end)))
                    or (type_ != "ORG" and self._head(run, end))):
                break
            if u.surface is not None and u.surface.entry.type == "PER":
                break
            if u.link and takes_place and f not in self.rules.particles:
                break
            end += 1
        while end > body_start and run[end - 1].link:
            end -= 1
        body = run[body_start:end]
        if not body:
            # A bare head names nothing, except an acronym ("KBRI") or before "(ACR) Name".
            i = run[q].i
            word = self.words[i]
            if size == 1 and word.isupper() and len(word) >= 3:
                self._add(i, run[q].j, "ORG", None, None, None, "head", head_size=run[q].j - i)
            elif run[end - 1].j < self.n and self.words[run[end - 1].j] == "(":
                self._add(i, run[end - 1].j, type_, None, None, None, "head",
                          head_size=run[end - 1].j - i, template=template)
            return end
        if type_ == "ORG" and not template and len(body) == 1 and body[0].surface is not None \
                and body[0].surface.entry.source == "country":
            # "Pemerintah Kenya", "Pengadilan Austria": the country stands for its body.
            self._read_known(body, 0)
            return end
        person = self._trailing_person(run, body_start, end)
        if person < end:
            body = run[body_start:person]
        i, j = run[q].i, run[body_start + len(body) - 1].j
        name = template.format(self._body_name(body)) if template else None
        self._add(i, j, type_, name, None, self._body_country(body), "head",
                  head_size=run[q + size - 1].j - i, template=template)
        if person < end:
            self._emit_unknown(run[person:end], True)
        return end

    def _trailing_person(self, run: list[Unit], body_start: int, end: int) -> int:
        """'BEM UI Raka Pratama mengatakan': the words before a speech verb are a person."""
        j = run[end - 1].j
        if end < len(run) or j >= self.n or self.folded[j] not in self.rules.verbs_after:
            return end
        k = end
        while k - 1 > body_start and end - (k - 1) <= 3 and not run[k - 1].known \
                and not run[k - 1].link and self.folded[run[k - 1].i] not in self.rules.org_words:
            k -= 1
        # The name ends at a known word ("BEM UI | Raka Pratama"); "PT Sinar Jaya Abadi"
        # has none and is one name.
        return k if end - k >= 2 and run[k - 1].known else end

    def _place_goes_on(self, run: list[Unit], body_start: int, end: int) -> bool:
        """A place after a head is one unit, a head and its name, or a name and a compass word."""
        first = run[body_start]
        if end - body_start >= MAX_PLACE_UNITS:
            return False
        if end == body_start + 1:
            u = run[end]
            return (self._head(run, body_start) is not None
                    or (not u.known and self.folded[u.i] in self.rules.place_suffixes)
                    or (not first.known and not u.known and self.words[u.i] not in self.given
                        and end + 1 >= len(run)))
        return self._head(run, body_start) is not None and end == body_start + 2 \
            and not run[end].known and self.folded[run[end].i] in self.rules.place_suffixes

    def _person_starts(self, run: list[Unit], q: int) -> bool:
        u = run[q]
        return (not u.known and not u.link and self.words[u.i] in self.given
                and q + 1 < len(run) and not run[q + 1].known)

    def _body_name(self, body: list[Unit]) -> str:
        """The English name of a place: known surfaces translated, 'X Utara' -> 'North X'."""
        body = [u for u in body if not (u.link and self.words[u.i] in "()")]
        if len(body) == 1 and body[0].surface is not None:
            return body[0].surface.entry.name
        heads = self.rules.gpe_heads
        if len(body) >= 2 and (self.folded[body[0].i],) in heads:
            return heads[(self.folded[body[0].i],)].format(self._body_name(body[1:]))
        i, j = body[0].i, body[-1].j
        words = self.text[self.starts[i]:self.ends[j - 1]].split()
        folded = [w.casefold() for w in words]
        for size in (2, 1):
            if len(words) > size and tuple(folded[-size:]) in self.rules.compass:
                # "Halmahera Utara" -> "North Halmahera", but only for a known place.
                known = self.lex.lookup(tuple(t.casefold() for t in TOKEN_RE.findall(
                    " ".join(words[:-size]))))
                if known:
                    compass = self.rules.compass[tuple(folded[-size:])]
                    return f"{compass} {known[-1].entry.name}"
        return " ".join(words)

    def _body_country(self, body: list[Unit]) -> str | None:
        for u in body:
            if u.surface is not None and u.surface.entry.type == "GPE":
                return u.surface.entry.country or u.surface.entry.name
        return None

    def _read_place(self, run: list[Unit], q: int, template: str) -> int:
        """The place after a regional title: 'Bupati Pekalongan Sri Wahyuni'."""
        if len(run) - q < 3 and not self._person_starts(run, q):
            return self._read_unknown(run, q, True)
        i, j = run[q].i, run[q].j
        self._add(i, j, "GPE", template.format(self._body_name(run[q:q + 1])), None, None,
                  "unknown")
        return q + 1

    def _after_run(self) -> None:
        """'Pengadilan Negeri (PN) Depok' is one organisation, and PN its acronym."""
        if not self.out or self.out[-1].type != "ORG" or self.out[-1].origin not in (
                "head", "unknown"):
            return
        c = self.out[-1]
        j = c.tok_j
        if j >= self.n or self.words[j] != "(":
            return  # (most names are not followed by one)
        close = next((k for k in range(j + 2, min(j + 5, self.n)) if self.words[k] == ")"), None)
        if close is None or not all(self.words[k][0].isupper() for k in range(j + 1, close)):
            return
        acronym = " ".join(self.words[j + 1:close])
        self.org_acronyms.add(acronym)
        tail: list[Unit] = []
        for u in self._units_from(close + 1):
            if u.link:
                break
            tail.append(u)
        if not self._is_place_tail(tail):
            return
        end = tail[-1].j
        c.alias_of = (acronym, c.words)
        c.end = self.ends[end - 1]
        c.words = tuple(self.words[c.tok_i:end])
        c.tok_j = end
        c.name = c.template.format(self._body_name(tail)) if c.template else None
        c.origin = "head"
        self.resume_at = end

    def _is_place_tail(self, tail: list[Unit]) -> bool:
        if not tail or len(tail) > MAX_PLACE_UNITS:
            return False
        if all(u.surface is not None and u.surface.entry.type in ("GPE", "LOC") for u in tail):
            return True
        u = tail[0]
        return len(tail) == 1 and not u.known and self.words[u.i] not in self.given \
            and self.folded[u.i] not in self.rules.titles

    # --- emitting -----------------------------------------------------------------------------

    def _add(self, i: int, j: int, type_: str, name: str | None, kb: str | None,
             country: str | None, origin: str, head_size: int = 0, template: str | None = None,
             weak: bool = False) -> None:
        self.out.append(Candidate(self.starts[i], self.ends[j - 1], type_, name, kb, country,
                                  origin, tuple(self.words[i:j]), i, j, head_size, template,
                                  weak))

    def _emit_unknown(self, seg: list[Unit], person_hint: bool) -> None:
        # Common words and non-names at the edges are no part of the name ("Medali X").
        while seg and (seg[0].link or self._is_plain_word(seg[0], len(seg) > 1)):
            seg = seg[1:]
        while seg and (seg[-1].link or seg[-1].j - seg[-1].i == 1
                       and self.folded[seg[-1].i] in self.rules.non_names):
            seg = seg[:-1]
        if not seg:
            return
        i, j = seg[0].i, seg[-1].j
        if len(seg) == 1 and (self.words[i] in self.not_entities or len(self.words[i]) == 1):
            return  # a term's acronym, or a lone letter
        head = self._lowercase_head(i)
        typed = self._type_unknown(seg, i, j, person_hint, head)
        if typed is None:
            return
        type_, weak = typed
        name = None
        if head is not None and type_ in ("GPE", "LOC"):
            name = head[1].format(self._body_name(seg))
        # "Julius Nyerere airport", "Pulwama district": a lower-case head after the name.
        if j < self.n and self.words[j].islower() and not weak and type_ in ("GPE", "LOC") \
                and (self.folded[j] in self.rules.loc_suffixes
                     or self.folded[j] in self.rules.gpe_suffixes):
            j += 1
        elif j < self.n and self.words[j].islower() and self.folded[j] in self.rules.loc_suffixes:
            type_, weak = "LOC", False
            j += 1
        self._add(i, j, type_, name, None, None, "unknown", weak=weak)

    def _lowercase_head(self, i: int) -> tuple[str, str] | None:
        """'sungai Cikaso', 'town of Tral': a lower-case word before the name types it."""
        heads = self.rules.lowercase_heads
        if i > 0 and self.words[i - 1].islower() and self.folded[i - 1] in heads:
            return heads[self.folded[i - 1]]
        if i > 1 and self.folded[i - 1] in self.rules.lowercase_head_lasts \
                and self.words[i - 2].islower():
            two = f"{self.folded[i - 2]} {self.folded[i - 1]}"
            if two in heads:
                return heads[two]
        return None

    def _is_plain_word(self, u: Unit, more_follow: bool) -> bool:
        """A word that is capitalised only because it opens a sentence, or a non-name."""
        if u.j - u.i != 1:
            return False
        f, w = self.folded[u.i], self.words[u.i]
        if f in self.rules.non_names:
            return True
        if not self.opens_sentence(u.i) or w in self.given or w.isupper():
            return False
        if f not in self.rules.common and self.written_mid_sentence(w):
            return False
        # Opening a sentence, a name shows itself elsewhere with a capital or as the
        # start of a longer name; a word seen in lower case is just a word.
        return f in self.rules.common or self.seen_lower(f) or not more_follow \
            or f.endswith(self.rules.clitic_endings) or self._given_follows(u)

    def _given_follows(self, u: Unit) -> bool:
        """'Selebgram Mohamad …': a first name right after the opening word starts the name."""
        return u.j < self.n and self.words[u.j] in self.given

    def _type_unknown(self, seg: list[Unit], i: int, j: int, person_hint: bool,
                      head: tuple[str, str] | None) -> tuple[str, bool] | None:
        """(type, typed by default only) of an unknown name; ``head``: its lower-case head."""
        rules = self.rules
        prev = self.folded[i - 1] if i > 0 else ""
        nxt = self.folded[j] if j < self.n else ""
        one_unit = len(seg) == 1  # (then not a link: links at the edges were dropped)
        word = self.words[i]
        words = [self.folded[u.i] for u in seg if not u.link] if not one_unit else None
        if words is not None and len(words) > 1:
            if words[-1] in rules.loc_suffixes:
                return "LOC", False
            if words[-1] in rules.gpe_suffixes:
                return "GPE", False
            if any(w in rules.org_words or w in rules.org_suffixes for w in words):
                return "ORG", False
        if nxt in rules.org_nouns_after and self.words[j].islower():
            return "ORG", False
        if head is not None:
            return head[0], False
        if one_unit and word.isupper() and len(word) >= 2 and word.isalpha():
            if prev in rules.acronym_person_cues or person_hint:
                return "PER", False
            return "ORG", True
        if person_hint or prev in rules.speech_verbs or nxt in rules.verbs_after:
            return "PER", False
        if word in self.given:
            return "PER", False
        if prev in rules.locatives and len(seg) <= 2:
            return "GPE", False
        coordinated = self._coordinated_type(i)
        if coordinated is not None:
            return coordinated, False
        return "PER", True

    def _coordinated_type(self, i: int) -> str | None:
        """'Kecamatan Cempaka, Mawar dan Melati': a name listed after a place is one."""
        k = i - 1
        if k < 0 or not (self.words[k] in (",", "-", "/")
                         or self.folded[k] in self.rules.connectors):
            return None
        prev = next((c for c in reversed(self.out) if c.tok_j <= k), None)
        if prev is not None and prev.tok_j == k and prev.type in ("GPE", "LOC") and not prev.weak:
            return prev.type
        return None
