//! The words of the `scope-claim` lint, as data: what counts as a claim to
//! diagnose, treat, cure or give therapy, who a sentence can be about, and
//! what undoes a claim. Change the lint's reach here, not in its code.

/// What a claim claims: decides the help a coach gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    Diagnose,
    Treat,
    Cure,
    Therapy,
}

/// Verbs (every form) that claim clinical work when a coach says them of
/// herself: "I treat anxiety", "we diagnose", "my sessions heal trauma".
pub const CLAIM_VERBS: &[(&str, ClaimKind)] = &[
    ("diagnose", ClaimKind::Diagnose),
    ("diagnoses", ClaimKind::Diagnose),
    ("diagnosed", ClaimKind::Diagnose),
    ("diagnosing", ClaimKind::Diagnose),
    ("diagnosis", ClaimKind::Diagnose),
    ("treat", ClaimKind::Treat),
    ("treats", ClaimKind::Treat),
    ("treated", ClaimKind::Treat),
    ("treating", ClaimKind::Treat),
    ("treatment", ClaimKind::Treat),
    ("treatments", ClaimKind::Treat),
    ("cure", ClaimKind::Cure),
    ("cures", ClaimKind::Cure),
    ("cured", ClaimKind::Cure),
    ("curing", ClaimKind::Cure),
    ("heal", ClaimKind::Cure),
    ("heals", ClaimKind::Cure),
    ("healed", ClaimKind::Cure),
    ("healing", ClaimKind::Cure),
];

/// Names of clinical services: a claim when offered ("I offer therapy",
/// "my counselling practice", "therapy sessions").
pub const SERVICE_NOUNS: &[&str] = &["therapy", "psychotherapy", "counselling", "counseling"];

/// Words after a service noun that make it an offer: "therapy sessions".
pub const SERVICE_FOLLOWERS: &[&str] = &[
    "session",
    "sessions",
    "services",
    "service",
    "appointment",
    "appointments",
    "practice",
    "packages",
    "package",
    "clients",
];

/// Verbs before a service noun that make it an offer: "I provide therapy".
pub const OFFER_VERBS: &[&str] = &[
    "offer",
    "offers",
    "offering",
    "provide",
    "provides",
    "providing",
    "give",
    "gives",
    "giving",
    "deliver",
    "delivers",
    "practise",
    "practice",
    "practising",
    "practicing",
    "do",
    "book",
];

/// Subjects that make a sentence the coach's own: the claim is hers.
pub const OWN_SUBJECTS: &[&str] = &[
    "i", "i'm", "i’m", "i'll", "i’ll", "i've", "i’ve", "i'd", "i’d", "me", "my", "we", "we're",
    "we’re", "we'll", "we’ll", "we've", "we’ve", "our", "us", "coaching", "coach", "coaches",
];

/// Subjects that make a sentence about someone else: what therapists,
/// doctors or the reader do is description, not a claim.
pub const OTHER_SUBJECTS: &[&str] = &[
    "therapist",
    "therapists",
    "therapy",
    "therapies",
    "psychotherapy",
    "psychotherapist",
    "psychotherapists",
    "counsellor",
    "counsellors",
    "counselor",
    "counselors",
    "counselling",
    "counseling",
    "psychologist",
    "psychologists",
    "psychiatrist",
    "psychiatrists",
    "psychiatry",
    "doctor",
    "doctors",
    "gp",
    "physician",
    "physicians",
    "clinician",
    "clinicians",
    "clinical",
    "professional",
    "professionals",
    "medicine",
    "medication",
    "firefighter",
    "firefighters",
    "they",
    "he",
    "she",
    "someone",
    "somebody",
    "who",
    "you",
    "you're",
    "you’re",
];

/// Words that undo a claim when they come before it in its clause.
pub const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "nor",
    "neither",
    "without",
    "cannot",
    "instead",
    "rather",
    "unable",
    "refuse",
    "avoid",
    "won't",
    "won’t",
    "don't",
    "don’t",
    "doesn't",
    "doesn’t",
    "can't",
    "can’t",
    "isn't",
    "isn’t",
    "aren't",
    "aren’t",
    "didn't",
    "didn’t",
    "shouldn't",
    "shouldn’t",
];

/// Words that start a new clause, with a subject of its own: "I don't
/// treat depression, but I do treat anxiety".
pub const CLAUSE_BREAKS: &[&str] = &[
    "but", "however", "yet", "although", "though", "whereas", "while", "unlike",
];

/// Words after "treat" that mean the everyday sense: "treat yourself",
/// "treat others with respect", "treated as a matter of planning".
pub const EVERYDAY_TREAT: &[&str] = &[
    "as",
    "like",
    "to",
    "yourself",
    "myself",
    "ourselves",
    "themselves",
    "respect",
    "kindness",
    "care",
    "dignity",
    "compassion",
    "curiosity",
    "equally",
    "fairly",
    "seriously",
    "gently",
];

/// What follows "heal" or "cure" when it is a claim about the reader:
/// "heal your trauma", "cure you".
pub const CURE_OBJECTS: &[&str] = &[
    "your",
    "you",
    "trauma",
    "depression",
    "anxiety",
    "ptsd",
    "addiction",
    "addictions",
    "disorder",
    "disorders",
    "illness",
    "wounds",
    "grief",
    "burnout",
    "adhd",
    "ocd",
];

/// Column labels and ids of a comparison that describe someone else's work,
/// so that their cells are description ("therapy is for healing").
pub const OTHER_COLUMNS: &[&str] = &[
    "therap",
    "counsel",
    "psych",
    "medical",
    "doctor",
    "clinic",
    "psychiatr",
];

/// What to write instead, in a coach's words.
pub fn suggestion(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Diagnose => {
            "diagnosing is for licensed clinicians; say what you do instead, like \"I help you notice the patterns you keep meeting\""
        }
        ClaimKind::Treat => {
            "say who you work with instead, like \"I work with people who feel anxious about work\""
        }
        ClaimKind::Cure => {
            "describe the change a client works toward, like \"I support you as you find a steadier way through\""
        }
        ClaimKind::Therapy => {
            "call what you offer coaching, like \"coaching sessions\" or \"I offer coaching\""
        }
    }
}
