//! The checking passes of `parse_all`: a deserializer wrapper that shows serde only the top-level keys still worth reading, so that each problem of a file is found on its own pass.

use super::*;

/// How the checking passes read: repeated keys reach Hearth, so that it can
/// name both lines; no source snippets, which Hearth renders itself.
pub(super) fn checking_options() -> Options {
    let mut options = Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// What the passes of [`parse_all`] share: which keys to leave out, and
/// what was found about the keys themselves.
#[derive(Debug, Default)]
pub(super) struct PassState {
    /// Indexes of top-level entries to skip: their value had an error.
    pub(super) skip: BTreeSet<usize>,
    /// The keys of the entries met in this pass, in order.
    pub(super) entries: Vec<String>,
    /// The line of each key's first entry in this pass.
    pub(super) first_lines: HashMap<String, usize>,
    /// The entry whose value is being read, while it is.
    pub(super) reading: Option<usize>,
    /// True while a top-level key is being read.
    pub(super) reading_key: bool,
    /// Unknown and repeated keys, found in the first pass.
    pub(super) key_errors: Vec<YamlError>,
    /// Indexes of the entries already looked at, in any pass.
    pub(super) reported: BTreeSet<usize>,
    /// Lines of the file before the text, for messages naming a line.
    pub(super) line_offset: usize,
}

impl PassState {
    pub(super) fn start_pass(&mut self) {
        self.entries.clear();
        self.first_lines.clear();
        self.reading = None;
        self.reading_key = false;
    }

    pub(super) fn failed_keys(&self) -> Vec<String> {
        self.skip
            .iter()
            .filter_map(|index| self.entries.get(*index).cloned())
            .collect()
    }
}

/// A deserializer for a struct that hands it only the top-level keys that
/// are known, not repeated and not left out, recording the others.
pub(super) struct FilterKeys<'s, D> {
    pub(super) inner: D,
    pub(super) state: &'s RefCell<PassState>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FilterKeys<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            FilterVisitor {
                visitor,
                fields,
                state: self.state,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

pub(super) struct FilterVisitor<'s, V> {
    pub(super) visitor: V,
    pub(super) fields: &'static [&'static str],
    pub(super) state: &'s RefCell<PassState>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for FilterVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(formatter)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(FilterMap {
            inner: map,
            fields: self.fields,
            state: self.state,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }
}

pub(super) struct FilterMap<'s, A> {
    pub(super) inner: A,
    pub(super) fields: &'static [&'static str],
    pub(super) state: &'s RefCell<PassState>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FilterMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            self.state.borrow_mut().reading_key = true;
            let Some(key) = self.inner.next_key::<Spanned<String>>()? else {
                self.state.borrow_mut().reading_key = false;
                return Ok(None);
            };
            self.state.borrow_mut().reading_key = false;
            let (line, column) = position(&key);
            let mut state = self.state.borrow_mut();
            let index = state.entries.len();
            let earlier = state.first_lines.get(&key.value).copied();
            if earlier.is_none() {
                state.first_lines.insert(key.value.clone(), line);
            }
            state.entries.push(key.value.clone());
            let known = self.fields.contains(&key.value.as_str());
            // Entries come in the same order in every pass: each is reported once.
            let first_time = state.reported.insert(index);
            if let Some(earlier) = earlier {
                if first_time {
                    let message = twice(&key.value, Some(earlier), line, state.line_offset);
                    state.key_errors.push(YamlError {
                        message,
                        line,
                        column,
                        length: key.value.chars().count().max(1),
                        help: "keep one of the two lines, the one with the value you mean"
                            .to_string(),
                        suggestion: None,
                    });
                }
            } else if !known {
                if first_time {
                    state
                        .key_errors
                        .push(unknown_key(&key.value, self.fields, line, column));
                }
            } else if !state.skip.contains(&index) {
                state.reading = Some(index);
                drop(state);
                let name = de::value::StringDeserializer::<A::Error>::new(key.value);
                return seed.deserialize(name).map(Some);
            }
            drop(state);
            self.inner.next_value::<IgnoredAny>()?;
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        // On an error, `reading` keeps naming the entry whose value failed.
        let value = self.inner.next_value_seed(seed)?;
        self.state.borrow_mut().reading = None;
        Ok(value)
    }
}

pub(super) fn unknown_key(key: &str, fields: &[&str], line: usize, column: usize) -> YamlError {
    let suggestion = crate::diagnostic::did_you_mean(key, fields.iter().copied());
    let help = match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => "remove it, or rename it to one of the keys allowed here".to_string(),
    };
    YamlError {
        message: format!(
            "unknown key `{key}`; the keys allowed here are: {}",
            fields.join(", ")
        ),
        line,
        column,
        length: key.chars().count().max(1),
        help,
        suggestion: suggestion.map(str::to_string),
    }
}
