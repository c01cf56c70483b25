//! A deterministic synthetic coaching blog: `n` articles of 600 to 900 words
//! with headings, a list, a GFM table, a blockquote, 3 to 6 internal links
//! (file links and `[[Title]]` wikilinks) and 2 to 4 tags from a pool of 30,
//! plus the site settings, a home page, the articles section, a contact page,
//! referral guidelines and the repository's default theme.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small seeded generator (SplitMix64): the same seed gives the same site.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

const WORDS: &[&str] = &[
    "coaching",
    "client",
    "parts",
    "protector",
    "exile",
    "self",
    "curiosity",
    "compassion",
    "boundary",
    "goal",
    "habit",
    "energy",
    "session",
    "practice",
    "change",
    "pattern",
    "listening",
    "question",
    "trust",
    "rest",
    "work",
    "family",
    "values",
    "courage",
    "fear",
    "calm",
    "clarity",
    "story",
    "choice",
    "growth",
    "the",
    "a",
    "and",
    "of",
    "to",
    "in",
    "with",
    "when",
    "we",
    "you",
    "notice",
    "often",
    "gently",
    "before",
    "after",
    "between",
    "slowly",
    "really",
    "what",
    "how",
    "why",
    "small",
    "steady",
    "honest",
    "week",
    "morning",
    "evening",
    "team",
    "manager",
    "feeling",
    "body",
    "breath",
    "attention",
    "support",
    "walk",
    "plan",
];

const TAGS: &[&str] = &[
    "goals",
    "habits",
    "ifs",
    "parts",
    "burnout",
    "career",
    "leadership",
    "boundaries",
    "self-compassion",
    "anxiety",
    "motivation",
    "relationships",
    "communication",
    "focus",
    "rest",
    "transitions",
    "values",
    "decisions",
    "confidence",
    "resilience",
    "grief",
    "parenting",
    "team-work",
    "feedback",
    "procrastination",
    "stress",
    "sleep",
    "purpose",
    "change",
    "therapy",
];

const TITLE_WORDS: &[&str] = &[
    "Why",
    "How",
    "When",
    "Notes on",
    "Listening to",
    "Making room for",
    "Coaching through",
    "Small steps toward",
    "Protectors and",
    "The quiet side of",
    "Working with",
];

const SUBJECTS: &[&str] = &[
    "buried goals",
    "busy protectors",
    "Monday dread",
    "career doubts",
    "a harsh inner critic",
    "new boundaries",
    "team conflict",
    "slow mornings",
    "hard feedback",
    "big decisions",
    "late nights",
    "old patterns",
    "fresh starts",
    "quiet confidence",
    "steady habits",
];

/// The article's file stem and title; titles are unique (numbered).
fn article(i: usize, rng_seed: u64) -> (String, String) {
    let mut rng = Rng::new(rng_seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let title = format!(
        "{} {} ({})",
        rng.pick(TITLE_WORDS),
        rng.pick(SUBJECTS),
        i + 1
    );
    (format!("article-{:05}", i + 1), title)
}

fn sentence(rng: &mut Rng, out: &mut String, words: &mut usize) {
    let length = rng.range(8, 16);
    for w in 0..length {
        let word = rng.pick(WORDS);
        if w == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            if rng.range(0, 30) == 0 {
                write!(out, "*{word}*").ok();
            } else {
                out.push_str(word);
            }
        }
    }
    out.push_str(if rng.range(0, 6) == 0 { "? " } else { ". " });
    *words += length;
}

fn paragraph(rng: &mut Rng, out: &mut String, words: &mut usize) {
    for _ in 0..rng.range(3, 6) {
        sentence(rng, out, words);
    }
    out.pop();
    out.push_str("\n\n");
}

/// Writes the site into `root`: `content/` and `themes/default/` (copied
/// from `theme`).
pub fn write_site(root: &Path, n: usize, seed: u64, theme: &Path) -> io::Result<()> {
    let content = root.join("content");
    let articles = content.join("articles");
    std::fs::create_dir_all(&articles)?;
    copy_dir(theme, &root.join("themes/default"))?;
    std::fs::write(
        content.join("site.yaml"),
        "title: Bench Coaching\nbase_url: https://bench.example\ndescription: A synthetic coaching practice.\nlanguage: en\nauthor: { name: Sam Rivera, email: sam@bench.example }\ntheme: default\nmenu:\n  - { label: Articles, url: /articles/ }\n  - { label: Contact, url: /contact/ }\nbooking: { label: Book a free call, url: /contact/ }\n",
    )?;
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Bench Coaching\ndescription: A synthetic coaching practice.\n---\nWelcome to a practice that exists to be measured.\n",
    )?;
    std::fs::write(
        content.join("contact.md"),
        "---\ntitle: Contact\ndescription: How to reach me.\n---\nWrite to me.\n",
    )?;
    std::fs::write(
        content.join("referral.yaml"),
        "title: When to see a therapist first\nscope: I am a coach, not a licensed therapist.\ncriteria:\n  - level: urgent\n    text: You have thoughts of suicide.\n  - level: refer\n    text: You live with an active mental illness.\nresources:\n  - { name: 988 Suicide & Crisis Lifeline, region: US, phone: \"988\" }\n",
    )?;
    std::fs::write(
        articles.join("_index.md"),
        "---\ntitle: Articles\ndescription: Every article, newest first.\nsort_by: date\n---\nNotes from the practice.\n",
    )?;
    let names: Vec<(String, String)> = (0..n).map(|i| article(i, seed)).collect();
    for (i, (stem, title)) in names.iter().enumerate() {
        let text = article_text(i, title, &names, seed);
        std::fs::write(articles.join(format!("{stem}.md")), text)?;
    }
    Ok(())
}

fn article_text(i: usize, title: &str, names: &[(String, String)], seed: u64) -> String {
    let mut rng = Rng::new(seed.wrapping_add(i as u64).wrapping_mul(0x9E37_79B9));
    let mut out = String::with_capacity(8 * 1024);
    let day = i % 28 + 1;
    let month = (i / 28) % 12 + 1;
    let year = 2010 + (i / (28 * 12)) % 16;
    let tag_count = rng.range(2, 4);
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < tag_count {
        let tag = rng.pick(TAGS);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    writeln!(out, "---").ok();
    writeln!(out, "title: \"{title}\"").ok();
    writeln!(
        out,
        "description: A short note about {}, number {i}, for the feed and search engines.",
        rng.pick(SUBJECTS)
    )
    .ok();
    writeln!(out, "date: {year}-{month:02}-{day:02}").ok();
    writeln!(out, "tags: [{}]", tags.join(", ")).ok();
    writeln!(out, "---").ok();

    let target_words = rng.range(600, 900);
    let mut words = 0;
    let link_count = rng.range(3, 6);
    let mut links: Vec<String> = (0..link_count)
        .map(|k| {
            let mut other = rng.range(0, names.len() - 1);
            if other == i && names.len() > 1 {
                other = (other + 1) % names.len();
            }
            let (stem, other_title) = &names[other];
            if k % 2 == 0 {
                format!("[{}]({stem}.md)", rng.pick(SUBJECTS))
            } else {
                format!("[[{other_title}]]")
            }
        })
        .collect();
    paragraph(&mut rng, &mut out, &mut words);
    let mut section = 0;
    let mut placed_list = false;
    let mut placed_table = false;
    let mut placed_quote = false;
    while words < target_words || !(placed_list && placed_table && placed_quote) {
        section += 1;
        let level = if section % 3 == 0 { "###" } else { "##" };
        writeln!(
            out,
            "{level} {} {}\n",
            rng.pick(TITLE_WORDS),
            rng.pick(SUBJECTS)
        )
        .ok();
        words += 3;
        paragraph(&mut rng, &mut out, &mut words);
        if let Some(link) = links.pop() {
            // A link inside a sentence of its own paragraph.
            out.truncate(out.len() - 2);
            write!(out, " See {link} for more.\n\n").ok();
        }
        if !placed_list {
            for _ in 0..rng.range(3, 5) {
                out.push_str("- ");
                sentence(&mut rng, &mut out, &mut words);
                out.pop();
                out.push('\n');
            }
            out.push('\n');
            placed_list = true;
        } else if !placed_table {
            out.push_str("| Part | What it protects | What helps |\n|---|---|---|\n");
            for _ in 0..rng.range(3, 5) {
                writeln!(
                    out,
                    "| {} {} | {} {} | {} |",
                    rng.pick(WORDS),
                    rng.pick(WORDS),
                    rng.pick(WORDS),
                    rng.pick(WORDS),
                    rng.pick(WORDS)
                )
                .ok();
                words += 5;
            }
            out.push('\n');
            placed_table = true;
        } else if !placed_quote {
            out.push_str("> ");
            sentence(&mut rng, &mut out, &mut words);
            out.pop();
            out.push_str("\n\n");
            placed_quote = true;
        } else {
            paragraph(&mut rng, &mut out, &mut words);
        }
    }
    for link in links {
        writeln!(out, "Also see {link}.\n").ok();
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Writes `content/glossary.yaml` with `count` terms: the corpus's content
/// words first (which every article uses), then two-word phrases of them
/// (which few do), every fifth capitalised (matched in that case only),
/// each with an alias, so that term linking has real work on every page.
pub fn write_glossary(root: &Path, count: usize) -> io::Result<()> {
    let content_words: Vec<&str> = WORDS.iter().copied().filter(|w| w.len() > 4).collect();
    let mut names: Vec<String> = content_words.iter().map(|w| w.to_string()).collect();
    'pairs: for first in &content_words {
        for second in &content_words {
            if names.len() >= count {
                break 'pairs;
            }
            if first != second {
                names.push(format!("{first} {second}"));
            }
        }
    }
    names.truncate(count);
    let mut text = String::from("terms:\n");
    for (i, name) in names.iter().enumerate() {
        let term = if i % 5 == 4 {
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        } else {
            name.clone()
        };
        writeln!(
            text,
            "  - term: {term}\n    id: term-{i}\n    aliases: [\"{name} work {i}\"]\n    definition: What *{name}* means in this practice, in a sentence or two of plain words."
        )
        .ok();
    }
    std::fs::write(root.join("content/glossary.yaml"), text)
}
