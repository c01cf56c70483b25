//! FAQ and form blocks: the rendered HTML (details with unique ids, forms
//! posting to the configured action with a honeypot, Netlify's attributes,
//! the crisis note only with referral guidelines), the FAQPage JSON-LD,
//! the `_headers` form-action, and every bad input at `file:line:col`.

mod common;

use common::{SITE_YAML, Site};
use scraper::{Html, Selector};

const FORMS: &str = "forms:\n  contact: { action: \"https://forms.example.org/f/alex\", success: /thanks/ }\n  newsletter: { action: \"https://letters.example.net:8443/subscribe\" }\n";

const FAQ_PAGE: &str = "---\ntitle: Questions\ndescription: Common questions.\n---\n## How long is a session?\n\nSee below.\n\n```faq\n- question: How long is a session?\n  answer: |\n    Fifty minutes, by video. See [about me](about.md).\n- question: \"Question: What is wrong with this list?\"\n  answer: \"Answer: nothing is *yours* on it.\"\n- question: How long is a session?\n  answer: The same question twice still gets its own id.\n```\n";

const REFERRAL: &str = "title: When to see a therapist first\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Find a helpline, url: \"https://findahelpline.example\" }\n  - { name: 988 Lifeline, region: US, phone: \"988\" }\n";

fn site() -> Site {
    let site = Site::new();
    site.write("content/site.yaml", format!("{SITE_YAML}{FORMS}"));
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\nMe.\n",
    );
    site.write(
        "content/thanks.md",
        "---\ntitle: Thanks\ndescription: Sent.\nextra: { unlisted: true }\n---\nThank you.\n",
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: How to reach me.\n---\nWrite to me.\n\n```form\nid: contact\n```\n\n```form\nid: newsletter\n```\n",
    );
    site.write("content/questions.md", FAQ_PAGE);
    site
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector).collect()
}

fn built(site: &Site, page: &str) -> Html {
    site.build().assert_success();
    Html::parse_document(&site.read(page))
}

#[test]
fn forms_post_to_their_action_with_labelled_fields_and_a_honeypot() {
    let site = site();
    let html = built(&site, "contact/index.html");
    let forms = select(&html, "form");
    assert_eq!(forms.len(), 2);
    let contact = forms[0].value();
    assert_eq!(contact.attr("method"), Some("post"));
    assert_eq!(
        contact.attr("action"),
        Some("https://forms.example.org/f/alex")
    );
    assert_eq!(
        forms[1].value().attr("action"),
        Some("https://letters.example.net:8443/subscribe")
    );
    // Contact asks for name, email and message; the newsletter for email.
    let names = |form: &scraper::ElementRef| -> Vec<String> {
        let fields = Selector::parse("input:not([type=hidden]), textarea").expect("selector");
        form.select(&fields)
            .filter_map(|f| f.value().attr("name").map(str::to_string))
            .collect()
    };
    assert_eq!(names(&forms[0]), ["name", "email", "message", "bot-field"]);
    assert_eq!(names(&forms[1]), ["email", "bot-field"]);
    for field in select(&html, "form [required]") {
        let id = field.value().attr("id").expect("a field has an id");
        let label = select(&html, &format!("label[for={id}]"));
        assert_eq!(label.len(), 1, "field {id} has one label");
        let text: String = label[0].text().collect();
        assert!(text.contains("(required)"), "{text}");
        assert!(field.value().attr("autocomplete").is_some(), "{id}");
    }
    assert_eq!(
        select(&html, "input[name=email]")[0]
            .value()
            .attr("autocomplete"),
        Some("email")
    );
    // The honeypot: out of sight, out of the tab order, skipped by screen readers.
    for trap in select(&html, "input[name=bot-field]") {
        assert_eq!(trap.value().attr("tabindex"), Some("-1"));
        assert_eq!(trap.value().attr("autocomplete"), Some("off"));
        assert!(trap.value().attr("required").is_none());
        let wrapper = scraper::ElementRef::wrap(trap.parent().expect("parent")).expect("element");
        assert_eq!(wrapper.value().attr("aria-hidden"), Some("true"));
        assert_eq!(wrapper.value().attr("class"), Some("form-honeypot"));
    }
    let css = site.read("style.css");
    let rule = css
        .split('\n')
        .find(|line| line.starts_with(".site-form .form-honeypot"))
        .expect("a honeypot rule");
    assert!(rule.contains("clip: rect(0 0 0 0)") && !rule.contains("display: none"));
    // The contact form tells where senders land; the success page exists.
    let next = select(&html, "form input[name=_next]");
    assert_eq!(
        next[0].value().attr("value"),
        Some("https://test.example/thanks/")
    );
    assert!(site.exists("thanks/index.html"));
    assert!(!html.html().contains("<script>"), "no script is needed");
}

#[test]
fn the_crisis_note_is_there_only_with_referral_guidelines() {
    let site = site();
    let html = built(&site, "contact/index.html");
    assert!(select(&html, ".form-note").is_empty());
    site.write("content/referral.yaml", REFERRAL);
    let html = built(&site, "contact/index.html");
    let notes = select(&html, "form .form-actions .form-note");
    assert_eq!(notes.len(), 1, "only the contact form has the note");
    let text: String = notes[0].text().collect();
    assert!(text.contains("not read around the clock"), "{text}");
    let tel = select(&html, ".form-note a[href^='tel:']");
    assert_eq!(tel[0].value().attr("href"), Some("tel:988"));
    assert!(tel[0].text().collect::<String>().contains("988 Lifeline"));
    // Beside the button.
    let actions = select(&html, "form .form-actions")[0];
    assert!(
        actions
            .select(&Selector::parse("button[type=submit]").expect("selector"))
            .next()
            .is_some()
    );
}

#[test]
fn netlify_forms_carry_their_name_and_post_to_the_site() {
    let site = site();
    site.write(
        "content/site.yaml",
        format!(
            "{SITE_YAML}forms:\n  contact: {{ action: netlify, success: /thanks/ }}\n  newsletter: {{ action: netlify }}\n"
        ),
    );
    let html = built(&site, "contact/index.html");
    let forms = select(&html, "form");
    let contact = forms[0].value();
    assert_eq!(contact.attr("name"), Some("contact"));
    assert_eq!(contact.attr("data-netlify"), Some("true"));
    assert_eq!(contact.attr("netlify-honeypot"), Some("bot-field"));
    assert_eq!(contact.attr("action"), Some("/thanks/"));
    let form_name = select(&html, "form input[name=form-name]");
    assert_eq!(form_name[0].value().attr("value"), Some("contact"));
    assert_eq!(form_name[1].value().attr("value"), Some("newsletter"));
    assert_eq!(forms[1].value().attr("name"), Some("newsletter"));
    // Netlify takes posts on the site itself: form-action stays 'self'.
    let headers = site.read("_headers");
    assert!(headers.contains("; form-action 'self'; "), "{headers}");
}

#[test]
fn the_policy_allows_exactly_the_forms_origins() {
    let site = site();
    site.build().assert_success();
    let headers = site.read("_headers");
    let policy = headers
        .lines()
        .find_map(|line| line.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a policy");
    let form_action: Vec<&str> = policy
        .split("; ")
        .find_map(|d| d.strip_prefix("form-action "))
        .expect("form-action")
        .split(' ')
        .collect();
    assert_eq!(
        form_action,
        [
            "'self'",
            "https://forms.example.org",
            "https://letters.example.net:8443"
        ]
    );
    // Without forms, only the site itself.
    site.write("content/site.yaml", SITE_YAML);
    site.write("content/contact.md", "---\ntitle: Contact\n---\nHi.\n");
    site.build().assert_success();
    assert!(site.read("_headers").contains("; form-action 'self'; "));
}

#[test]
fn faq_questions_are_details_with_unique_ids_and_faqpage_data() {
    let site = site();
    let html = built(&site, "questions/index.html");
    let items = select(&html, "details.faq-item");
    assert_eq!(items.len(), 3);
    let mut ids: Vec<&str> = select(&html, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids are unique: {ids:?}");
    let faq_ids: Vec<&str> = items.iter().filter_map(|e| e.value().attr("id")).collect();
    assert_eq!(
        faq_ids,
        [
            "how-long-is-a-session-1",
            "question-what-is-wrong-with-this-list",
            "how-long-is-a-session-2"
        ]
    );
    let summary: String = select(&html, "details.faq-item summary")[1]
        .text()
        .collect();
    assert_eq!(summary, "Question: What is wrong with this list?");
    // The answer is markdown, its link resolved.
    let link = select(&html, "details.faq-item .faq-answer a")[0];
    assert_eq!(link.value().attr("href"), Some("/about/"));
    let scripts = select(&html, "script[type='application/ld+json']");
    let data: serde_json::Value =
        serde_json::from_str(&scripts[0].text().collect::<String>()).expect("JSON-LD parses");
    let faq = data["@graph"]
        .as_array()
        .expect("a graph")
        .iter()
        .find(|node| node["@type"] == "FAQPage")
        .expect("an FAQPage");
    let questions = faq["mainEntity"].as_array().expect("questions");
    assert_eq!(questions.len(), 3);
    for question in questions {
        assert_eq!(question["@type"], "Question");
        assert_eq!(question["acceptedAnswer"]["@type"], "Answer");
    }
    assert_eq!(questions[0]["name"], "How long is a session?");
    assert!(
        questions[1]["acceptedAnswer"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("<em>yours</em>"))
    );
    // A page without an FAQ has no FAQPage.
    let about = site.read("about/index.html");
    assert!(!about.contains("FAQPage"));
}

#[test]
fn a_question_can_be_linked_from_another_page() {
    let site = site();
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\nSee [the list](questions.md#question-what-is-wrong-with-this-list).\n",
    );
    let html = built(&site, "about/index.html");
    let link = select(&html, ".content a[href*='#']");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/questions/#question-what-is-wrong-with-this-list")
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [the list](questions.md#what-is-wrong).\n",
    );
    site.build()
        .assert_error(&["content/about.md:4:5", "`#what-is-wrong` is not a heading"]);
}

fn fails(site: &Site, needles: &[&str]) {
    let run = site.build();
    run.assert_error(needles);
    let check = site.hearth(&["check"]);
    check.assert_error(needles);
}

#[test]
fn a_non_https_action_is_an_error_at_its_place() {
    let site = site();
    site.write(
        "content/site.yaml",
        format!(
            "{SITE_YAML}{}",
            FORMS.replace("https://forms", "http://forms")
        ),
    );
    fails(
        &site,
        &[
            "content/site.yaml:10:22",
            "error[invalid-form]",
            "`http://forms.example.org/f/alex` is not an https address",
            "starting with `https://`",
        ],
    );
}

#[test]
fn a_missing_success_page_is_a_broken_link_at_its_place() {
    let site = site();
    site.remove("content/thanks.md");
    fails(
        &site,
        &[
            "content/site.yaml:10:67",
            "error[broken-link]",
            "no page or file at `/thanks/`",
        ],
    );
    site.write(
        "content/site.yaml",
        format!("{SITE_YAML}{}", FORMS.replace(", success: /thanks/", "")),
    );
    fails(
        &site,
        &[
            "content/site.yaml:10:12",
            "the contact form has no `success:` page",
        ],
    );
}

#[test]
fn an_unknown_form_id_suggests_the_closest() {
    let site = site();
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\n---\nHi.\n\n```form\nid: contatc\n```\n",
    );
    fails(
        &site,
        &[
            "content/contact.md:7:5",
            "error[invalid-form]",
            "there is no form `contatc`",
            "did you mean `contact`?",
        ],
    );
    // A form site.yaml does not configure.
    site.write("content/site.yaml", SITE_YAML);
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\n---\nHi.\n\n```form\nid: newsletter\n```\n",
    );
    fails(
        &site,
        &[
            "content/contact.md:7:5",
            "error[missing-form]",
            "no `forms: newsletter:`",
        ],
    );
    // An unknown key of `forms:`.
    site.write(
        "content/site.yaml",
        format!("{SITE_YAML}forms:\n  contakt: {{ action: netlify }}\n"),
    );
    fails(
        &site,
        &[
            "content/site.yaml:10:3",
            "`contakt`",
            "did you mean `contact`?",
        ],
    );
}

#[test]
fn a_bad_faq_entry_is_an_error_at_its_place() {
    let site = site();
    site.write(
        "content/questions.md",
        "---\ntitle: Q\n---\nIntro.\n\n```faq\n- question: A?\n  answer: B.\n- question: C?\n```\n",
    );
    fails(
        &site,
        &[
            "content/questions.md:9:3",
            "error[invalid-faq]",
            "question 2 has no `answer`",
        ],
    );
    site.write(
        "content/questions.md",
        "---\ntitle: Q\n---\nIntro.\n\n```faq\n- question: A?\n  anwser: B.\n```\n",
    );
    fails(
        &site,
        &[
            "content/questions.md:8:3",
            "`anwser`",
            "did you mean `answer`?",
        ],
    );
}

#[test]
fn a_broken_link_in_an_answer_is_reported_at_the_answer() {
    let site = site();
    site.write(
        "content/questions.md",
        "---\ntitle: Q\n---\nIntro.\n\n```faq\n- question: A?\n  answer: See [me](abot.md).\n```\n",
    );
    fails(
        &site,
        &[
            "content/questions.md:8:11",
            "error[broken-link]",
            "`abot.md` is not a content file",
            "did you mean `about.md`?",
        ],
    );
}

/// The page a form sends its senders to only thanks them: it says
/// `noindex`, names no canonical address and is left out of the sitemap,
/// while the form's own page is there as usual.
#[test]
fn the_success_page_is_kept_from_search_engines() {
    let site = site();
    let thanks = built(&site, "thanks/index.html");
    let robots: Vec<_> = select(&thanks, r#"meta[name="robots"]"#)
        .iter()
        .filter_map(|meta| meta.value().attr("content"))
        .collect();
    assert_eq!(robots, ["noindex"]);
    assert!(select(&thanks, r#"link[rel="canonical"]"#).is_empty());
    let contact = Html::parse_document(&site.read("contact/index.html"));
    assert!(select(&contact, r#"meta[name="robots"]"#).is_empty());
    let sitemap = site.read("sitemap.xml");
    let document = roxmltree::Document::parse(&sitemap).expect("the sitemap parses");
    let locations: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("loc"))
        .filter_map(|node| node.text())
        .collect();
    assert!(
        locations.contains(&"https://test.example/contact/"),
        "{locations:?}"
    );
    assert!(
        !locations.iter().any(|loc| loc.contains("/thanks")),
        "{locations:?}"
    );
}
