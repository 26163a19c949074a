//! The YAML layer on its own: scalar typing, positions, and the limits on hostile documents.

use super::{Spanned, from_str};
use serde::Deserialize;
use serde_json::{Value as Json, json};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Item {
    text: Spanned<String>,
    #[serde(default)]
    correct: bool,
    #[serde(default)]
    count: Option<u32>,
}

#[test]
fn untyped_values_follow_the_core_schema() {
    let table: &[(&str, Json)] = &[
        ("a: 1", json!({"a": 1})),
        ("a: -0x1F", json!({"a": "-0x1F"})),
        ("a: 0x1F", json!({"a": 31})),
        ("a: 0o17", json!({"a": 15})),
        ("a: 0x-1", json!({"a": "0x-1"})),
        ("a: 1.5e3", json!({"a": 1500.0})),
        ("a: .5", json!({"a": 0.5})),
        ("a: 1.", json!({"a": 1.0})),
        ("a: 1e", json!({"a": "1e"})),
        ("a: 18446744073709551615", json!({"a": u64::MAX})),
        (
            "a: 18446744073709551616",
            json!({"a": "18446744073709551616"}),
        ),
        ("a: 1.0", json!({"a": 1.0})),
        ("a: true", json!({"a": true})),
        ("a: yes", json!({"a": "yes"})),
        ("a: ~", json!({"a": null})),
        ("a:", json!({"a": null})),
        ("a: '1'", json!({"a": "1"})),
        ("a: !!str 1", json!({"a": "1"})),
        ("a: [1, x, \"2\"]", json!({"a": [1, "x", "2"]})),
        ("a: |\n  two\n  lines\n", json!({"a": "two\nlines\n"})),
        ("a: >-\n  folded\n  text\n", json!({"a": "folded text"})),
        ("a: &x [1]\nb: *x", json!({"a": [1], "b": [1]})),
        ("a: &x 1\nb: &x 2\nc: *x", json!({"a": 1, "b": 2, "c": 2})),
    ];
    for (src, want) in table {
        let got: Json = from_str(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
        assert_eq!(&got, want, "{src:?}");
    }
}

#[test]
fn text_fields_keep_what_was_written_and_remember_where() {
    let item: Item = from_str("# lead\ntext: 0.0010\ncorrect: true\n").expect("parses");
    assert_eq!(item.text.value, "0.0010");
    assert_eq!((item.text.line, item.text.col), (2, 7));
    assert!(item.correct);
}

#[test]
fn mistakes_are_reported_at_the_node_concerned() {
    let table: &[(&str, &str)] = &[
        (
            "text: a\ncorrect: maybe\n",
            "2:10: expected true or false, found `maybe`",
        ),
        (
            "text: a\n<<: 1\n",
            "2:5: `<<` merges mappings: give it `*name` of a mapping, or a list of them",
        ),
        (
            "text: a\ncount: -1\n",
            "2:8: invalid value: integer `-1`, expected u32",
        ),
        (
            "text: a\ncount: 1.5\n",
            "2:8: expected a whole number, found `1.5`",
        ),
        ("text: [a]\n", "1:7: expected text, found a list"),
        (
            "text: a\ntxet: b\n",
            "2:1: unknown field `txet`, expected one of `text`, `correct`, `count`",
        ),
        ("correct: true\n", "1:1: missing field `text`"),
        (
            "- text: a\n",
            "1:1: expected a mapping (`key: value` lines), found a list",
        ),
        (
            "text: a\ntext: b\n",
            "2:1: duplicate key `text` (first on line 1)",
        ),
        (
            "text: a\n---\ntext: b\n",
            "2:1: a second YAML document (`---`): a course file holds one",
        ),
        (
            "",
            "1:1: the file holds no YAML document (it is empty or only comments)",
        ),
        ("text: [a\n", "1:7: unclosed bracket '['"),
    ];
    for (src, want) in table {
        let err = from_str::<Item>(src).expect_err(src);
        assert_eq!(&err.to_string(), want, "{src:?}");
    }
}

#[test]
fn merge_keys_copy_what_the_mapping_does_not_set() {
    let src = "base: &b {text: from-base, correct: true}\nmore: &m {count: 3, text: from-more}\nitems:\n  - <<: *b\n    text: own\n  - <<: [*m, *b]\n";
    #[derive(Debug, Deserialize)]
    struct Shared {
        items: Vec<Item>,
    }
    let doc: Shared = from_str(src).expect("parses");
    let got: Vec<(&str, bool, Option<u32>)> = doc
        .items
        .iter()
        .map(|i| (i.text.value.as_str(), i.correct, i.count))
        .collect();
    assert_eq!(got, [("own", true, None), ("from-more", true, Some(3))]);
    // A bool field also takes YAML 1.1's spellings.
    let item: Item = from_str("text: a\ncorrect: yes\n").expect("parses");
    assert!(item.correct);
}

#[test]
fn repeated_keys_are_found_in_small_and_large_mappings() {
    for n in [2, 16, 17, 300] {
        let mut src: String = (0..n).map(|k| format!("k{k}: {k}\n")).collect();
        src.push_str("k1: again\n");
        let err = from_str::<Json>(&src).expect_err("a repeated key");
        assert_eq!(
            err.to_string(),
            format!("{}:1: duplicate key `k1` (first on line 2)", n + 1),
            "{n} keys"
        );
    }
}

#[test]
fn alias_bombs_and_cycles_stop_with_a_message() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let err = from_str::<Json>(&bomb).expect_err("10^9 nodes");
    assert!(err.message.contains("aliases expand"), "{err}");

    // An alias inside the node it names would recurse forever if followed naively.
    let err = from_str::<Json>("a: &x [*x, *x]\n").expect_err("a cycle");
    assert!(err.message.contains("nest too deeply"), "{err}");

    // One big mapping merged into many: every merged entry is paid for.
    let keys: Vec<String> = (0..1000).map(|k| format!("k{k}: 0")).collect();
    let merges = "  - <<: *big\n".repeat(2000);
    let src = format!("big: &big {{{}}}\nitems:\n{merges}", keys.join(", "));
    let err = from_str::<Json>(&src).expect_err("2,000,000 merged entries");
    assert!(err.message.contains("expand this file"), "{err}");

    let deep = format!("a: {}{}", "[".repeat(100), "]".repeat(100));
    let err = from_str::<Json>(&deep).expect_err("too deep");
    assert!(err.message.contains("nested more than 64"), "{err}");
}

mod schema_check {
    use crate::yaml::schema::{Field, Need, Shape, Ty};
    use crate::yaml::{Rejected, from_str_checked};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        id: String,
        items: Vec<bool>,
    }

    static SHAPE: Shape = Shape {
        name: "the document",
        fields: &[
            Field {
                key: "id",
                ty: Ty::Text,
                need: Need::Required,
            },
            Field {
                key: "items",
                ty: Ty::List(&Ty::Bool),
                need: Need::Required,
            },
        ],
    };
    static ROOT: Ty = Ty::Map(&SHAPE);

    fn problems(text: &str) -> Rejected {
        from_str_checked::<Doc>(text, &ROOT).expect_err("rejected")
    }

    #[test]
    fn every_problem_is_listed_with_its_position_and_the_id_survives() {
        let r = problems("id: d\nitmes: [true]\nextra: 1\n");
        let got: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "2:1: unknown field `itmes` in the document: did you mean `items`?",
                "3:1: unknown field `extra` in the document, expected one of `id`, `items`",
            ]
        );
        assert_eq!(r.id.as_deref(), Some("d"));
        let r = problems("id: d\nitems:\n");
        assert_eq!(
            r.errors[0].message,
            "expected a list (`- item` lines or `[a, b]`), found nothing (an empty value)"
        );
    }

    #[test]
    fn a_file_of_many_mistakes_is_cut_short_with_a_count() {
        let items = vec!["maybe"; 80].join(", ");
        let r = problems(&format!("id: d\nitems: [{items}]\n"));
        assert_eq!(r.errors.len(), 51);
        assert_eq!(r.errors[50].message, "... and 30 more problems like these");
    }
}
