//! The `scope-claim` verdicts, sentence by sentence: claims a coach must
//! not make, and the disclaimers and descriptions she must be able to write.

use super::*;

/// (sentence, the subject its block inherits, the word flagged or `None`).
const CASES: &[(&str, Option<Subject>, Option<&str>)] = &[
    // A coach's own claims.
    ("I treat anxiety.", None, Some("treat")),
    (
        "I treat people with anxiety and depression.",
        None,
        Some("treat"),
    ),
    (
        "We diagnose what is holding you back.",
        None,
        Some("diagnose"),
    ),
    (
        "I can cure your depression in six sessions.",
        None,
        Some("cure"),
    ),
    ("Cure your depression in six weeks!", None, Some("Cure")),
    ("Heal your trauma with IFS coaching.", None, Some("Heal")),
    ("My sessions heal old wounds.", None, Some("heal")),
    ("I offer therapy for couples.", None, Some("therapy")),
    (
        "I provide counselling online and in person.",
        None,
        Some("counselling"),
    ),
    ("Book your therapy sessions below.", None, Some("therapy")),
    ("I run therapy sessions on Tuesdays.", None, Some("therapy")),
    (
        "Our counselling practice is in Portland.",
        None,
        Some("counselling"),
    ),
    ("Coaching can treat anxiety.", None, Some("treat")),
    (
        "I'm not a therapist, and I treat anxiety.",
        None,
        Some("treat"),
    ),
    (
        "I don't treat depression, but I do treat anxiety.",
        None,
        Some("treat"),
    ),
    ("I help you heal your trauma.", None, Some("heal")),
    ("Therapy sessions", None, Some("Therapy")),
    (
        "I offer healing for your deepest wounds.",
        None,
        Some("healing"),
    ),
    (
        "Treats anxiety and low mood",
        Some(Subject::Own),
        Some("Treats"),
    ),
    (
        "As your coach, I will diagnose the problem.",
        None,
        Some("diagnose"),
    ),
    (
        "Unlike a therapist, I treat the whole person.",
        None,
        Some("treat"),
    ),
    // Disclaimers.
    ("I do not diagnose or treat.", None, None),
    ("I don't diagnose or treat anything.", None, None),
    (
        "As a trained practitioner, I do not evaluate, diagnose, or treat mental health conditions.",
        None,
        None,
    ),
    ("Coaches do not treat, nor diagnose.", None, None),
    (
        "Coaching is not therapy, and I don't diagnose or treat anything.",
        None,
        None,
    ),
    (
        "I do not work through trauma or try to heal old wounds.",
        None,
        None,
    ),
    (
        "I tell you directly and kindly, without diagnosing or guessing at labels.",
        None,
        None,
    ),
    ("Why I do not diagnose", None, None),
    ("I never offer therapy.", None, None),
    (
        "Does not assess, diagnose or treat anything",
        Some(Subject::Own),
        None,
    ),
    // What others do.
    ("Therapists use a medical diagnostic approach.", None, None),
    (
        "A licensed therapist is trained to assess mental health conditions, to treat them, and to work with painful history.",
        None,
        None,
    ),
    (
        "IFS began as a psychotherapy, used by trained therapists to heal deep wounds; I don't do that.",
        None,
        None,
    ),
    (
        "Therapy, at its best, brings safety and healing where things have been badly hurt.",
        None,
        None,
    ),
    (
        "treat mental health conditions and the lasting effects of trauma;",
        Some(Subject::Other),
        None,
    ),
    (
        "May assess and diagnose where appropriate, and provides treatment",
        Some(Subject::Other),
        None,
    ),
    (
        "therapy is primarily for healing",
        Some(Subject::Other),
        None,
    ),
    ("A doctor can diagnose depression.", None, None),
    (
        "If you bring a diagnosis you have already been given, I'll respect it.",
        None,
        None,
    ),
    (
        "you want to understand and heal something from your history, not only move forward.",
        None,
        None,
    ),
    // Everyday words and quotes.
    (
        "The usual advice treats this as a discipline problem.",
        None,
        None,
    ),
    ("Treat yourself to an hour of quiet.", None, None),
    ("I treat every client with respect.", None, None),
    (
        "Treated as a matter of planning, habits and accountability",
        Some(Subject::Own),
        None,
    ),
    ("A walk in the park is a treat.", None, None),
    (
        "I will suggest therapy, either instead of coaching or alongside it.",
        None,
        None,
    ),
    (
        "Clients sometimes ask me \"can you treat my anxiety?\" and I explain why not.",
        None,
        None,
    ),
    (
        "People sometimes expect “therapy sessions” from a coach.",
        None,
        None,
    ),
    ("Healing takes time, and it is not linear.", None, None),
    ("A space for healing and growth.", None, None),
    ("May assess and diagnose where appropriate", None, None),
    ("Understanding, healing and ways to cope", None, None),
];

#[test]
fn verdicts() {
    assert!(CASES.len() >= 40);
    let mut wrong = Vec::new();
    for (sentence, inherited, expected) in CASES {
        let claims = claims_in(sentence, *inherited);
        let flagged: Vec<&str> = claims.iter().map(|c| &sentence[c.range.clone()]).collect();
        let ok = match expected {
            Some(word) => flagged.first() == Some(word) && flagged.len() == 1,
            None => flagged.is_empty(),
        };
        if !ok {
            wrong.push(format!(
                "{sentence:?}: expected {expected:?}, flagged {flagged:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn lists_take_their_subject_from_the_lead_in() {
    let therapist = "A therapist can:\n\n- diagnose it;\n- treat mental health conditions.\n";
    assert!(page_claims(therapist).is_empty());
    let coach = "Here is what I do:\n\n- treat anxiety;\n";
    let claims = page_claims(coach);
    assert_eq!(claims.len(), 1);
    assert_eq!(&coach[claims[0].0..claims[0].0 + claims[0].1], "treat");
}

#[test]
fn code_quotes_and_images_are_not_prose() {
    let body = "> I treat anxiety.\n\n`I treat anxiety`\n\n```\nI treat anxiety\n```\n\n![I treat anxiety](a.png)\n";
    assert!(page_claims(body).is_empty());
}

#[test]
fn offsets_point_at_the_word() {
    let body = "Intro.\n\nSome *text* and then I treat anxiety.\n";
    let claims = page_claims(body);
    assert_eq!(claims.len(), 1);
    let (offset, length, _) = &claims[0];
    assert_eq!(&body[*offset..offset + length], "treat");
}

#[test]
fn columns_about_therapy_are_description() {
    assert_eq!(column_subject("therapy", "Therapy"), Some(Subject::Other));
    assert_eq!(column_subject("coaching", "Coaching"), Some(Subject::Own));
    assert_eq!(
        column_subject("ifs-coaching", "IFS-informed coaching"),
        Some(Subject::Own)
    );
    assert_eq!(column_subject("friend", "A good friend"), None);
}

/// Both ways of looking for the words: the vector search where the
/// processor has it (checked on x86_64 with SSSE3, which it needs), and
/// the automaton used elsewhere.
fn both_searches() -> [Triggers; 2] {
    let fast = Triggers::new();
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        assert!(matches!(fast.0, Some(TriggerSearch::Packed(_))));
    }
    let automaton = Triggers::automaton();
    assert!(matches!(automaton.0, Some(TriggerSearch::Automaton(_))));
    [fast, automaton]
}

#[test]
fn every_claim_word_is_a_trigger() {
    for triggers in both_searches() {
        every_claim_word_is_a_trigger_for(&triggers);
    }
}

fn every_claim_word_is_a_trigger_for(triggers: &Triggers) {
    let words = CLAIM_VERBS
        .iter()
        .map(|(word, _)| *word)
        .chain(SERVICE_NOUNS.iter().copied());
    for word in words {
        assert!(triggers.may_claim(word), "{word}");
        assert!(triggers.may_claim(&word.to_uppercase()), "{word}");
        let mixed: String = word
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        assert!(triggers.may_claim(&format!("I {mixed} it")), "{mixed}");
    }
    for (sentence, _, flagged) in CASES {
        if flagged.is_some() {
            assert!(triggers.may_claim(sentence), "{sentence}");
        }
    }
    assert!(!triggers.may_claim("We talk about goals, parts and steady change."));
    // Words that only hold a claim word are not one.
    assert!(!triggers.may_claim("Curiosity, good health and a treaty of therapists."));
    assert!(triggers.may_claim("“I can treat it,” she said."));
}

#[test]
fn triggers_are_whole_words_next_to_any_character() {
    for triggers in both_searches() {
        triggers_are_whole_words_for(&triggers);
    }
}

fn triggers_are_whole_words_for(triggers: &Triggers) {
    // Long enough for the vector search itself (short texts take another way).
    let filler = "We talk about goals, parts and steady change. ".repeat(40);
    assert!(!triggers.may_claim(&filler));
    assert!(triggers.may_claim(&format!("{filler}Sessions that HEAL. {filler}")));
    assert!(triggers.may_claim(&format!("{filler}Ça: Therapy")));
    assert!(!triggers.may_claim(&format!("{filler}preTREATment, healthy {filler}")));
    // Ends of words: punctuation, curly quotes, dashes, other scripts' spaces.
    for text in [
        "therapy’s place",
        "«TREAT»",
        "heal—then rest",
        "word\u{3000}cure\u{3000}word",
        "(counselling)",
        "Ça guérit: heal.",
    ] {
        assert!(triggers.may_claim(text), "{text}");
    }
    // Inside a longer word, of any script, or with digits: not the word.
    for text in [
        "treaty",
        "pretreat",
        "healé",
        "éheal",
        "cure2",
        "therapyΩ",
        "",
        "a very long word that is not one: counsellingcounselling",
    ] {
        assert!(!triggers.may_claim(text), "{text}");
    }
}
