//! Every firewall on a flow's route, asked through `FirewallPolicy::lookup`: an encrypted
//! flow needs IKE (UDP 500) both ways, then ESP both ways — or UDP 4500 both ways where NAT
//! lies between the ends (the seed: "UDP Port 4500 if you are using NAT traversal through
//! the firewall"); an exempt flow needs itself passed from its initiator.

use super::{Code, Ctx, Finding};
use crate::net::Protocol;
use crate::traffic::{self, FlowId, Protection};

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    let addrs = traffic::RepresentativeAddrs::new(t);
    for (i, flow) in ctx.traffic.flows.iter().enumerate() {
        let route = ctx.traffic.route(flow);
        if route.firewalls.is_empty() {
            continue;
        }
        let (Some(a), Some(b)) = (addrs.of(flow.from), addrs.of(flow.to)) else {
            continue;
        };
        let port = ctx.traffic.first_port(flow);
        for fw in &route.firewalls {
            let Some(policy) = ctx.policy.firewalls.get(fw.index()) else {
                continue;
            };
            let name = &t.firewall(*fw).name;
            let passes = |s, d, proto, p| policy.lookup(s, d, proto, p).is_some();
            let both = |proto, p| passes(a, b, proto, p) && passes(b, a, proto, p);
            let mut fail = |code: Code, what: &str| {
                out.push(Finding {
                    code,
                    message: format!("{}: firewall `{name}` does not pass {what}", ctx.traffic.flow_id(t, flow)),
                    span: Some(t.firewall(*fw).span.clone()),
                    fix: format!("let `{name}` pass {what} between the two ends (cordon's nftables output for it does)"),
                    flows: vec![FlowId(i as u32)],
                });
            };
            match flow.protection {
                Protection::Encrypt => {
                    if !both(Protocol::Udp, 500) {
                        fail(Code::FirewallDropsIke, "IKE (UDP 500) both ways");
                    }
                    if ctx.traffic.needs_nat_traversal(t, flow) {
                        if !both(Protocol::Udp, 4500) {
                            fail(Code::NatWithoutNatTraversal, "NAT-T (UDP 4500) both ways");
                        }
                    } else if !both(Protocol::Esp, 0) {
                        fail(Code::FirewallDropsEsp, "ESP (IP 50) both ways");
                    }
                }
                Protection::Exempt(_) => {
                    if !passes(a, b, flow.protocol, port) {
                        fail(
                            Code::FirewallDropsExemptFlow,
                            &format!("{} {port}", flow.protocol),
                        );
                    }
                }
            }
        }
    }
}
