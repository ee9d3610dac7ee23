//! HTTP requests to URLs that API users supply (`avatar_url`). Unless the operator allows it, they may
//! only reach public addresses: otherwise any agent could make contactd fetch from its own host, its
//! private network or a cloud metadata endpoint. (Chatwoot's `Avatar::AvatarFromUrlJob` downloads
//! any URL in the version our reference describes; this is a deliberate difference, listed in the
//! README.)
//!
//! The check runs where the address is chosen, not on the URL text: host names go through
//! [`PublicOnly`], a resolver that drops private answers (so a name that resolves to 127.0.0.1, or
//! changes its answer between a check and the connect, gets nowhere), and address literals, which
//! no resolver sees, are checked for the first URL and for every redirect.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Client, Url, redirect};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Whether `ip` is a globally routable unicast address: not loopback, private, link-local, shared
/// (CGNAT), documentation, benchmarking, multicast, broadcast or reserved.
/// (`IpAddr::is_global` would say this, but it is not stable Rust.)
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (RFC 6598)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking (RFC 2544)
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated, still routed inside sites)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || ip.segments()[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible ::a.b.c.d
}

/// Which addresses user-supplied URLs may reach: the public ones ([`is_public`]), or any at all when
/// the operator allows private ones.
#[derive(Clone, Copy)]
pub struct Reach(Option<fn(IpAddr) -> bool>);

impl Reach {
    pub fn new(allow_private: bool) -> Reach {
        Reach((!allow_private).then_some(is_public as fn(IpAddr) -> bool))
    }

    /// Refuses a URL whose host is an address literal out of reach. Host names pass here; the client's
    /// resolver checks what they resolve to.
    pub fn check(self, url: &Url) -> Result<(), String> {
        let Some(allowed) = self.0 else {
            return Ok(());
        };
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            _ => return Ok(()),
        };
        if allowed(ip) {
            Ok(())
        } else {
            Err(format!("{ip} is not a public address"))
        }
    }

    /// A client that follows at most `max_redirects` redirects, each checked like the first URL, and
    /// resolves host names to reachable addresses only.
    pub fn client(self, timeout: Duration, max_redirects: usize) -> Result<Client, String> {
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(format!("more than {max_redirects} redirects"));
            }
            if let Err(e) = self.check(attempt.url()) {
                let message = format!("redirected to {}: {e}", attempt.url());
                return attempt.error(message);
            }
            attempt.follow()
        });
        let mut builder = Client::builder()
            .timeout(timeout)
            .redirect(policy)
            .user_agent(concat!("contactd/", env!("CARGO_PKG_VERSION")));
        if let Some(allowed) = self.0 {
            builder = builder.dns_resolver(Arc::new(Only(allowed)));
        }
        builder.build().map_err(|e| format!("HTTP client: {e}"))
    }
}

/// A resolver that answers only with the addresses its predicate allows.
struct Only(fn(IpAddr) -> bool);

impl Resolve for Only {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.0;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = all.into_iter().filter(|a| allowed(a.ip())).collect();
            if kept.is_empty() {
                return Err(format!("{host} does not resolve to a public address").into());
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().expect("an address"))
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
        ] {
            assert!(!public(ip), "{ip}");
        }
    }

    #[test]
    fn ordinary_internet_addresses_are_public() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(public(ip), "{ip}");
        }
    }

    #[test]
    fn literal_hosts_are_checked_and_names_left_to_the_resolver() {
        let url = |s: &str| Url::parse(s).expect("a URL");
        let public = Reach::new(false);
        assert!(public.check(&url("http://127.0.0.1:8080/a.png")).is_err());
        assert!(public.check(&url("http://[::1]/a.png")).is_err());
        assert!(
            public
                .check(&url("http://169.254.169.254/latest/meta-data"))
                .is_err()
        );
        assert!(public.check(&url("https://1.1.1.1/a.png")).is_ok());
        assert!(public.check(&url("https://example.com/a.png")).is_ok());
        assert!(
            Reach::new(true)
                .check(&url("http://127.0.0.1/a.png"))
                .is_ok()
        );
    }

    /// Serves `answers` in turn on a loopback port, one connection each, and returns the port.
    fn serve(answers: Vec<String>) -> u16 {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for answer in answers {
                let Ok((mut socket, _)) = listener.accept() else {
                    return;
                };
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request);
                let _ = socket.write_all(answer.as_bytes());
            }
        });
        port
    }

    fn redirect_to(location: &str) -> String {
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    }

    const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

    /// GETs `url` through `reach`'s client; `Err` carries reqwest's error with its sources.
    async fn get(reach: Reach, max_redirects: usize, url: &str) -> Result<u16, String> {
        let client = reach.client(Duration::from_secs(5), max_redirects)?;
        match client.get(url).send().await {
            Ok(res) => Ok(res.status().as_u16()),
            Err(e) => Err(format!("{e:?}")),
        }
    }

    /// Only 127.0.0.1 counts as reachable here, standing in for "public": a redirect to another
    /// address, as a literal or as a name that resolves there, is refused; one to 127.0.0.1 is followed.
    #[actix_web::test]
    async fn every_redirect_is_checked_like_the_first_url() {
        let reach = Reach(Some(|ip| ip == IpAddr::V4(Ipv4Addr::LOCALHOST)));

        let port = serve(vec![redirect_to("/final"), OK.to_string()]);
        assert_eq!(
            get(reach, 5, &format!("http://127.0.0.1:{port}/a")).await,
            Ok(200)
        );

        let port = serve(vec![redirect_to("http://127.0.0.2:9/b")]);
        let err = get(reach, 5, &format!("http://127.0.0.1:{port}/a"))
            .await
            .expect_err("refused");
        assert!(err.contains("127.0.0.2 is not a public address"), "{err}");

        let only_other = Reach(Some(|ip| ip == IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))));
        let port = serve(vec![]);
        let err = get(only_other, 5, &format!("http://localhost:{port}/a"))
            .await
            .expect_err("refused");
        assert!(
            err.contains("localhost does not resolve to a public address"),
            "{err}"
        );

        let port = serve(vec![
            redirect_to("/1"),
            redirect_to("/2"),
            redirect_to("/3"),
        ]);
        let err = get(reach, 1, &format!("http://127.0.0.1:{port}/a"))
            .await
            .expect_err("too many");
        assert!(err.contains("more than 1 redirects"), "{err}");
    }
}
