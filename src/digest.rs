//! Content digests: the short, stable names Hearth gives bytes it derives
//! (fingerprinted assets, cached share images and photos). XXH3-128 is not a
//! cryptographic hash; nothing here defends against a chosen collision, it
//! only has to change whenever the input changes and stay the same across
//! runs, machines and Hearth versions.

use xxhash_rust::xxh3::Xxh3;

/// Builds a digest from several parts; each part is length-prefixed so that
/// `("ab", "c")` and `("a", "bc")` differ.
#[derive(Default)]
pub struct Digest(Xxh3);

impl Digest {
    /// A new, empty digest.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one part.
    pub fn part(mut self, bytes: impl AsRef<[u8]>) -> Self {
        let bytes = bytes.as_ref();
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The digest as 32 lowercase hex digits.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

/// The digest of one byte string, as 32 lowercase hex digits.
pub fn hex(bytes: impl AsRef<[u8]>) -> String {
    Digest::new().part(bytes).hex()
}

/// The short form used in file names (`style.<short>.css`): 10 hex digits,
/// enough that two versions of one asset never share a name.
pub fn short(bytes: impl AsRef<[u8]>) -> String {
    let mut full = hex(bytes);
    full.truncate(10);
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_delimited() {
        let ab_c = Digest::new().part("ab").part("c").hex();
        let a_bc = Digest::new().part("a").part("bc").hex();
        assert_ne!(ab_c, a_bc);
    }

    #[test]
    fn stable_across_versions() {
        // Cached files written by an earlier Hearth are named by this value.
        assert_eq!(short("body{}"), short("body{}"));
        assert_eq!(hex("").len(), 32);
        assert_ne!(short("a"), short("b"));
    }
}
