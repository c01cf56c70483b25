//! The look-up of host names for `check --external`: only public
//! addresses, unless private ones are allowed.

/// Looks host names up as ureq does, and keeps only public addresses
/// (unless [`super::ExternalOptions::private_addresses`]): every request and every
/// redirect goes through it, so no link leads the check into a private
/// network. A proxy is looked up as it is; through one, the proxy decides.
#[derive(Debug)]
pub(super) struct PublicOnly {
    pub(super) names: ureq::unversioned::resolver::DefaultResolver,
    pub(super) private_addresses: bool,
}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let found = self.names.resolve(uri, config, timeout)?;
        let is_proxy = config
            .proxy()
            .is_some_and(|proxy| uri.host() == Some(proxy.host()));
        if self.private_addresses || is_proxy {
            return Ok(found);
        }
        let mut public = self.empty();
        for address in found.iter().filter(|address| is_public(address.ip())) {
            public.push(*address);
        }
        match found.first() {
            Some(private) if public.is_empty() => Err(ureq::Error::Io(std::io::Error::other(
                PrivateAddress(private.ip()),
            ))),
            _ => Ok(public),
        }
    }
}

/// The error [`PublicOnly`] gives for a host on a private network.
#[derive(Debug)]
struct PrivateAddress(std::net::IpAddr);

impl std::fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is an address on a private network", self.0)
    }
}

impl std::error::Error for PrivateAddress {}

/// The private address a request was refused for, if that is why.
pub(super) fn private_address(error: &ureq::Error) -> Option<std::net::IpAddr> {
    match error {
        ureq::Error::Io(error) => error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<PrivateAddress>())
            .map(|private| private.0),
        _ => None,
    }
}

/// True for an address anyone on the internet could reach: not loopback,
/// private, link-local, shared (carrier-grade NAT), unspecified, broadcast,
/// multicast or for documentation, nor an IPv6 form of one of them.
fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let shared = v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64;
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || shared)
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_anyone_could_reach_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "93.184.215.14",
            "1.1.1.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
