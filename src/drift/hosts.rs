//! A host's (or a client group's computer's) IPsec state — the kernel's policies, a
//! Windows export, a swanctl.conf — held against the plan's rules in the same platform's
//! form: first every flow of the owner through both (what the platform does with it),
//! then rule by rule (what is missing, extra or changed, and the negotiation).

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use super::state::{Format, Glimpse, Owner, OwnerState, Read, StateFile, Tally};
use super::{Code, FlowGroups, FlowIndex, Input, Sink, at, conf, plural};
use crate::classify::{
    AddrRange, Classifier, Family, Header, ProtocolRange, Selector as ClassSelector,
};
use crate::emit::Unsupported;
use crate::emit::netsecurity::PlannedGpo;
use crate::emit::windows::behind_nat;
use crate::platform::windows::{self as win, WinRule};
use crate::platform::windows_state::{self, Export};
use crate::platform::xfrm::{self, Action, Direction, Listed, Policy};
use crate::policy::{Packet, RuleAction, RuleSet};
use crate::source::{FileId, Span};
use crate::traffic::{Endpoint, Flow, FlowId, Protection};

/// The client side's port in probe packets: outside every ephemeral range the catalog
/// names, as in `verify`.
const CLIENT_PORT: u16 = 40000;

/// The most ports of one flow that are probed (its first and last, and the edges of the
/// deployed rules' ports within it).
const MAX_PROBED_PORTS: usize = 16;

/// What a platform does with a packet, in the words drift compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    Clear,
    Request,
    Protect,
    Block,
    /// Rules with different actions, in no documented order.
    Undecided,
}

impl Effect {
    fn of(action: RuleAction) -> Effect {
        match action {
            RuleAction::Permit => Effect::Clear,
            RuleAction::Request => Effect::Request,
            RuleAction::Require => Effect::Protect,
            RuleAction::Block => Effect::Block,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Effect::Clear => "in the clear",
            Effect::Request => "IPsec requested (the clear accepted)",
            Effect::Protect => "IPsec required",
            Effect::Block => "dropped",
            Effect::Undecided => "undecided",
        }
    }
}

/// A rule set in one platform's form, asked what it does with a packet.
trait Side {
    /// The effect and the rules (indices of this side) that decide: one, or the two
    /// that tie.
    fn decide(&self, packet: &Packet, outbound: bool) -> (Effect, Vec<usize>);
    /// The deciding rule in words; `None`: no rule matched.
    fn describe(&self, rule: Option<usize>) -> String;
    /// Where a rule is in its file.
    fn span(&self, rule: usize) -> Option<Span>;
    /// Every port where one of its rules' port conditions starts or ends.
    fn port_edges(&self) -> Vec<u16>;
}

pub(super) fn check(
    input: &Input<'_>,
    index: &FlowIndex,
    plan: &HostPlan<'_>,
    st: &OwnerState,
    sink: &mut Sink<'_>,
) {
    let Some(set) = plan.set else {
        sink.note_other_forms(st, &[], "it has no IPsec rules in the plan");
        return;
    };
    sink.note_other_forms(
        st,
        &[Format::IpXfrm, Format::WindowsExport, Format::Swanctl],
        "cordon writes nftables rulesets for zone firewalls and gateways, not hosts",
    );
    if let Some(read) = &st.xfrm {
        kernel(input, index, set, plan.tally(set), read, sink);
    }
    if let Some(read) = &st.windows {
        windows(input, index, set, read, sink);
    }
    if let Some(read) = &st.swanctl {
        match plan.conf(input) {
            Some(Ok(planned)) => conf::check(Some(set), planned, read, sink),
            Some(Err(e)) => sink.note_unplanned(read.file, &e.to_string()),
            None => sink.note_unplanned(read.file, "it has no IPsec rules in the plan"),
        }
    }
    if let Some(read) = &st.nftables {
        sink.note_unplanned(
            read.file,
            "cordon writes nftables rulesets for zone firewalls and gateways, not hosts",
        );
    }
}

/// What the plan gives a host (or client group) to hold its state against, each part
/// made when first asked and then kept: settling its files and checking the ones that
/// do not settle ask for the same.
pub(super) struct HostPlan<'a> {
    owner: Endpoint,
    set: Option<&'a RuleSet>,
    tally: OnceCell<Tally>,
    conf: OnceCell<Option<Result<String, Unsupported>>>,
}

impl<'a> HostPlan<'a> {
    /// The plan of a host or client group; `None` for a firewall or gateway.
    pub(super) fn of(input: &Input<'a>, owner: Owner) -> Option<Self> {
        let owner = match owner {
            Owner::Host(h) => Endpoint::Host(h),
            Owner::Group(g) => Endpoint::Group(g),
            Owner::Firewall(_) | Owner::Gateway(_) => return None,
        };
        Some(HostPlan {
            owner,
            set: input.policy.rules_of(owner),
            tally: OnceCell::new(),
            conf: OnceCell::new(),
        })
    }

    /// The plan's kernel policies, tallied as they are made (a repeat the plan's list
    /// would drop can only make a listing's tally differ, and send the host the long way).
    fn tally(&self, set: &RuleSet) -> Tally {
        *self.tally.get_or_init(|| {
            let mut tally = Tally::default();
            xfrm::each_planned(set, |_, p| tally.add(&p));
            tally
        })
    }

    /// The swanctl.conf cordon emits for the host.
    fn conf(&self, input: &Input<'_>) -> Option<&Result<String, Unsupported>> {
        self.conf
            .get_or_init(|| crate::emit::swanctl::conf_of(&input.emit(), self.owner))
            .as_ref()
    }
}

/// Which of a host's files its first-pass [`Glimpse`] settles: a kernel listing whose
/// tally is the plan's, a swanctl.conf whose text is the one cordon emits. Each decides
/// as planned, so [`check`] would find nothing in it; such a file is not read again.
/// Nothing is settled where the host has a file of another form, one that did not read,
/// or two of one form: those are for [`check`] and `state::load` to report.
pub(super) fn settled(input: &Input<'_>, plan: &HostPlan<'_>, files: &[StateFile]) -> Vec<bool> {
    let none = vec![false; files.len()];
    let Some(set) = plan.set else {
        return none;
    };
    let count = |form: fn(&Glimpse) -> bool| files.iter().filter(|f| form(&f.glimpse)).count();
    let xfrm = count(|g| matches!(g, Glimpse::Xfrm(_)));
    let swanctl = count(|g| matches!(g, Glimpse::Swanctl(_)));
    if xfrm > 1 || swanctl > 1 || xfrm + swanctl != files.len() {
        return none;
    }
    let plan_tally = (xfrm == 1).then(|| plan.tally(set));
    let plan_digest = (swanctl == 1)
        .then(|| plan.conf(input))
        .flatten()
        .and_then(|conf| conf.as_ref().ok())
        .map(|text| super::state::conf_digest(text));
    files
        .iter()
        .map(|f| match f.glimpse {
            Glimpse::Xfrm(tally) => plan_tally == Some(tally),
            Glimpse::Swanctl(digest) => plan_digest == Some(digest),
            Glimpse::Other => false,
        })
        .collect()
}

/// Whether the two sides could decide a packet (sent, or received) otherwise.
type MayDiffer<'a> = dyn Fn(&Packet, bool) -> bool + 'a;

/// Every flow of the owner through the planned and the deployed rules. `may_differ`,
/// when given, says which packets the two sides could decide otherwise; the rest are not
/// asked.
#[allow(clippy::too_many_arguments)]
fn compare_flows(
    input: &Input<'_>,
    index: &FlowIndex,
    owner: Endpoint,
    planned: &dyn Side,
    deployed: &dyn Side,
    may_differ: Option<&MayDiffer<'_>>,
    file: FileId,
    sink: &mut Sink<'_>,
) -> BTreeMap<usize, Vec<FlowId>> {
    let mut groups = FlowGroups::default();
    // Deployed rules that decide a flow otherwise than the plan, with those flows.
    let mut deciding: BTreeMap<usize, Vec<FlowId>> = BTreeMap::new();
    let mut edges = deployed.port_edges();
    edges.sort_unstable();
    edges.dedup();
    let Some(local) = index.addrs.of(owner) else {
        return deciding;
    };
    for &id in index.by_endpoint.get(&owner).map_or(&[][..], Vec::as_slice) {
        let Some(flow) = input.traffic.flows.get(id.0 as usize) else {
            continue;
        };
        let outbound = flow.from == owner;
        let peer = if outbound { flow.to } else { flow.from };
        let Some(remote) = index
            .addrs
            .of(peer)
            .filter(|r| r.is_ipv4() == local.is_ipv4())
        else {
            continue;
        };
        for port in probe_ports(input, flow, &edges) {
            let packet = probe(local, remote, flow, port, outbound);
            if may_differ.is_some_and(|f| !f(&packet, outbound)) {
                continue;
            }
            let (p, p_rules) = planned.decide(&packet, outbound);
            let (d, d_rules) = deployed.decide(&packet, outbound);
            let (p_rule, d_rule) = (p_rules.first().copied(), d_rules.first().copied());
            let Some(code) = classify(flow, p, d) else {
                continue;
            };
            let by = d_rules
                .iter()
                .map(|r| deployed.describe(Some(*r)))
                .reduce(|a, b| format!("{a} and {b}"))
                .unwrap_or_else(|| deployed.describe(None));
            let span = d_rule
                .and_then(|r| deployed.span(r))
                .or_else(|| at(file, 0..0));
            let what = format!(
                "{} {} by {by}",
                if outbound { "sent" } else { "received" },
                d.verb(),
            );
            let plan = format!("{} by {}", p.verb(), planned.describe(p_rule));
            groups.add(code, by, plan, span, what, id);
            for r in d_rules {
                let list = deciding.entry(r).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
            break;
        }
    }
    groups.emit(input, sink);
    deciding
}

fn classify(flow: &Flow, planned: Effect, deployed: Effect) -> Option<Code> {
    use Effect::*;
    Some(match (planned, deployed) {
        (p, d) if p == d => return None,
        (_, Undecided) => Code::FlowUndecided,
        (Protect | Request, Clear) => Code::FlowNowClear,
        (p, Block) if p != Block => Code::FlowNowBlocked,
        (Clear, Protect | Request) if matches!(flow.protection, Protection::Exempt(_)) => {
            Code::ExemptFlowNowProtected
        }
        (Protect, Request) => Code::FlowNowRequest,
        _ => Code::FlowChanged,
    })
}

/// The ports of a flow that are probed: the first and last of each of its ranges, and
/// the edges of the deployed rules' ports that lie within them (`edges` sorted, once
/// each), up to [`MAX_PROBED_PORTS`].
fn probe_ports(input: &Input<'_>, flow: &Flow, edges: &[u16]) -> Vec<u16> {
    if !flow.protocol.has_ports() {
        return vec![0];
    }
    let mut out = Vec::new();
    for r in input.traffic.ports(flow).ranges() {
        out.push(r.start());
        out.push(r.end());
        let from = edges.partition_point(|&e| e < r.start());
        out.extend(
            edges[from..]
                .iter()
                .take_while(|&&e| e <= r.end())
                .take(MAX_PROBED_PORTS),
        );
        if out.len() >= MAX_PROBED_PORTS {
            break;
        }
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(MAX_PROBED_PORTS);
    out
}

fn probe(local: IpAddr, remote: IpAddr, flow: &Flow, port: u16, outbound: bool) -> Packet {
    let (local_port, remote_port) = match (flow.protocol.has_ports(), outbound) {
        (false, _) => (0, 0),
        (true, true) => (CLIENT_PORT, port),
        (true, false) => (port, CLIENT_PORT),
    };
    Packet {
        local,
        remote,
        protocol: flow.protocol,
        local_port,
        remote_port,
    }
}

// ---------------------------------------------------------------- the Linux kernel

/// Kernel policies: the plan's (with the rule each belongs to) or a listing's, with a
/// first-match index per direction (a host holds thousands of policies and each flow may
/// be asked several times).
struct XfrmSide<'a> {
    policies: Vec<Policy>,
    whose: Whose<'a>,
    spans: Vec<Option<Span>>,
    out: DirectionIndex,
    inbound: DirectionIndex,
}

/// Whose policies a side holds, for naming them (made only for the few a finding names).
enum Whose<'a> {
    /// The plan's: the rule each policy belongs to.
    Plan { rules: Vec<usize>, set: &'a RuleSet },
    /// The kernel's listing.
    Kernel,
}

/// A plan rule in words.
fn rule_label(set: &RuleSet, i: usize) -> String {
    set.rules.get(i).map_or_else(
        || format!("rule {}", i + 1),
        |r| format!("rule {} `{}`", i + 1, r.name),
    )
}

/// How many lookups a direction answers by scanning before it builds its classifier:
/// building one costs about as much as this many scans of a few hundred policies, and
/// a host whose drift touches few flows is asked fewer times.
const SCANS_BEFORE_INDEX: usize = 256;

/// The policies of one direction in the kernel's order (lowest priority value first, the
/// listing's order among equals): scanned for the first lookups, then as a classifier
/// (none when a port mask is not a prefix mask, which no range stands for: it scans).
struct DirectionIndex {
    ids: Vec<usize>,
    asked: std::cell::Cell<usize>,
    tree: std::cell::OnceCell<Option<Classifier>>,
}

impl DirectionIndex {
    fn new(policies: &[Policy], dir: Direction) -> Self {
        let mut ids: Vec<usize> = (0..policies.len())
            .filter(|&i| policies[i].dir == dir)
            .collect();
        ids.sort_by_key(|&i| (policies[i].priority, i));
        DirectionIndex {
            ids,
            asked: std::cell::Cell::new(0),
            tree: std::cell::OnceCell::new(),
        }
    }

    fn classifier(&self, policies: &[Policy]) -> Option<Classifier> {
        let prefix_mask = |m: u16| m.leading_ones() + m.trailing_zeros() >= 16;
        let selectors: Option<Vec<ClassSelector>> = self
            .ids
            .iter()
            .map(|&i| {
                let s = &policies[i].selector;
                if !prefix_mask(s.sport.mask) || !prefix_mask(s.dport.mask) {
                    return None;
                }
                let (family, source) = AddrRange::of_prefix(&s.src);
                let (_, destination) = AddrRange::of_prefix(&s.dst);
                Some(ClassSelector {
                    family,
                    source,
                    destination,
                    protocol: if s.proto == 0 {
                        ProtocolRange::ANY
                    } else {
                        ProtocolRange::exactly(s.proto)
                    },
                    source_ports: s.sport.range(),
                    destination_ports: s.dport.range(),
                })
            })
            .collect();
        selectors.map(|s| Classifier::new(&s))
    }

    fn lookup(
        &self,
        policies: &[Policy],
        (src, dst): (IpAddr, IpAddr),
        proto: u8,
        (sport, dport): (u16, u16),
    ) -> Option<usize> {
        let asked = self.asked.get() + 1;
        self.asked.set(asked);
        let tree = if asked > SCANS_BEFORE_INDEX {
            self.tree.get_or_init(|| self.classifier(policies)).as_ref()
        } else {
            None
        };
        let Some(tree) = tree else {
            return self.ids.iter().copied().find(|&i| {
                policies
                    .get(i)
                    .is_some_and(|p| p.selector.matches(src, dst, proto, sport, dport))
            });
        };
        let num = |a: IpAddr| match a {
            IpAddr::V4(v4) => (Family::V4, u128::from(u32::from(v4))),
            IpAddr::V6(v6) => (Family::V6, u128::from(v6)),
        };
        let ((family, source), (_, destination)) = (num(src), num(dst));
        let found = tree.lookup(&Header {
            family,
            source,
            destination,
            protocol: proto,
            source_port: sport,
            destination_port: dport,
        })?;
        self.ids.get(found).copied()
    }
}

impl<'a> XfrmSide<'a> {
    fn new(policies: Vec<Policy>, whose: Whose<'a>, spans: Vec<Option<Span>>) -> Self {
        XfrmSide {
            out: DirectionIndex::new(&policies, Direction::Out),
            inbound: DirectionIndex::new(&policies, Direction::In),
            policies,
            whose,
            spans,
        }
    }
}

impl Side for XfrmSide<'_> {
    fn decide(&self, p: &Packet, outbound: bool) -> (Effect, Vec<usize>) {
        let proto = xfrm::ip_protocol(p.protocol, p.local.is_ipv6());
        let found = if outbound {
            self.out.lookup(
                &self.policies,
                (p.local, p.remote),
                proto,
                (p.local_port, p.remote_port),
            )
        } else {
            self.inbound.lookup(
                &self.policies,
                (p.remote, p.local),
                proto,
                (p.remote_port, p.local_port),
            )
        };
        let Some(i) = found else {
            return (Effect::Clear, Vec::new());
        };
        let effect = match self.policies[i].action {
            Action::Pass => Effect::Clear,
            Action::Block => Effect::Block,
            Action::Protect(_) => Effect::Protect,
        };
        (effect, vec![i])
    }

    fn describe(&self, rule: Option<usize>) -> String {
        let policy = rule.and_then(|r| Some((r, self.policies.get(r)?)));
        match (policy, &self.whose) {
            (None, _) => "no policy (the kernel passes it)".to_string(),
            (Some((r, _)), Whose::Plan { rules, set }) => {
                rule_label(set, rules.get(r).copied().unwrap_or(r))
            }
            (Some((_, p)), Whose::Kernel) => format!("the kernel's `{p}`"),
        }
    }

    fn span(&self, rule: usize) -> Option<Span> {
        self.spans.get(rule).cloned().flatten()
    }

    fn port_edges(&self) -> Vec<u16> {
        self.policies
            .iter()
            .flat_map(|p| {
                let (s, d) = (p.selector.sport.range(), p.selector.dport.range());
                [s.start(), s.end(), d.start(), d.end()]
            })
            .collect()
    }
}

fn kernel(
    input: &Input<'_>,
    index: &FlowIndex,
    set: &RuleSet,
    planned_tally: Tally,
    read: &Read<Vec<Listed>>,
    sink: &mut Sink<'_>,
) {
    // The kernel holding exactly the planned in and out policies decides every packet as
    // the plan does: nothing to report, and nothing to simulate. The two are held as
    // multisets ([`Tally`], keyed per process, so no listing can be made to match a plan
    // it differs from).
    let mut listed_tally = Tally::default();
    for l in &read.value {
        listed_tally.add(&l.policy);
    }
    if planned_tally == listed_tally {
        return;
    }
    let decisive = |p: &Policy| p.dir != Direction::Fwd;
    let planned = xfrm::planned(set);
    let mut listed = read.value.clone();
    xfrm::with_planned_masks(&mut listed, &planned);
    let plan_side = XfrmSide::new(
        planned.iter().map(|(_, p)| *p).collect(),
        Whose::Plan {
            rules: planned.iter().map(|(i, _)| *i).collect(),
            set,
        },
        vec![None; planned.len()],
    );
    let deployed = XfrmSide::new(
        listed.iter().map(|l| l.policy).collect(),
        Whose::Kernel,
        listed
            .iter()
            .map(|l| at(read.file, l.span.clone()))
            .collect(),
    );
    // Only a packet that a policy held on one side and not the other matches can be
    // decided otherwise: the rest meet the same policies, in the same order of priority
    // (the plan gives each rule its own priority, so no two planned policies a packet
    // meets at one priority differ in action).
    let mut differing: HashMap<&Policy, i64, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(planned.len(), Default::default());
    for p in planned.iter().map(|(_, p)| p).filter(|p| decisive(p)) {
        *differing.entry(p).or_default() += 1;
    }
    for p in listed.iter().map(|l| &l.policy).filter(|p| decisive(p)) {
        *differing.entry(p).or_default() -= 1;
    }
    let differing: Vec<&Policy> = differing
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(p, _)| p)
        .collect();
    let may_differ = |packet: &Packet, outbound: bool| {
        let proto = xfrm::ip_protocol(packet.protocol, packet.local.is_ipv6());
        let (dir, (src, dst), (sport, dport)) = if outbound {
            (
                Direction::Out,
                (packet.local, packet.remote),
                (packet.local_port, packet.remote_port),
            )
        } else {
            (
                Direction::In,
                (packet.remote, packet.local),
                (packet.remote_port, packet.local_port),
            )
        };
        differing
            .iter()
            .any(|p| p.dir == dir && p.selector.matches(src, dst, proto, sport, dport))
    };
    compare_flows(
        input,
        index,
        set.owner,
        &plan_side,
        &deployed,
        Some(&may_differ),
        read.file,
        sink,
    );
    rule_findings(set, &planned, &deployed.policies, &listed, read.file, sink);
}

/// Rule by rule: the listing against the planned policies as sets of packets, each kind
/// of difference of one rule reported once, with how many policies it concerns.
fn rule_findings(
    set: &RuleSet,
    planned: &[(usize, Policy)],
    kernel: &[Policy],
    listed: &[Listed],
    file: FileId,
    sink: &mut Sink<'_>,
) {
    let rule_label = |i: usize| rule_label(set, i);
    let span_of = |p: &Policy| {
        listed
            .iter()
            .find(|l| l.policy == *p)
            .and_then(|l| at(file, l.span.clone()))
    };
    let mut grouped: BTreeMap<(Code, Option<usize>), Vec<PolicyLine>> = BTreeMap::new();
    for d in xfrm::compare(planned, kernel) {
        let (code, line, span) = match &d {
            xfrm::Difference::Missing { planned, .. } => (
                Code::MissingRule,
                format!("lacks `{planned}`"),
                at(file, 0..0),
            ),
            xfrm::Difference::Changed {
                planned, kernel, ..
            } => (
                Code::ChangedRule,
                format!("has `{kernel}` where the plan has `{planned}`"),
                span_of(kernel),
            ),
            xfrm::Difference::Wider { kernel, .. } => (
                Code::ChangedRule,
                format!("has `{kernel}`, wider than the rule"),
                span_of(kernel),
            ),
            xfrm::Difference::Unplanned { kernel } => (
                Code::ExtraRule,
                format!(
                    "has `{kernel}`, which lets {} by",
                    action_words(kernel.action)
                ),
                span_of(kernel),
            ),
        };
        grouped
            .entry((code, d.rule()))
            .or_default()
            .push((line, span));
    }
    for ((code, rule), lines) in grouped {
        let flows = rule
            .and_then(|r| set.rules.get(r))
            .map(|r| r.flows.clone())
            .unwrap_or_default();
        let whose = rule.map_or_else(
            || "no rule of the plan".to_string(),
            |r| format!("{} ({})", rule_label(r), plural(flows.len(), "flow")),
        );
        let first = lines.first().map(|(l, _)| l.clone()).unwrap_or_default();
        let more = if lines.len() > 1 {
            format!(" and {} more policies like it", lines.len() - 1)
        } else {
            String::new()
        };
        let span = lines.iter().find_map(|(_, s)| s.clone());
        let fix = match code {
            Code::ExtraRule => "remove it (swanctl --unload-conn, or ip xfrm policy delete) unless the plan should have it".to_string(),
            _ => format!(
                "load the emitted swanctl.conf again (swanctl --load-all) so that the kernel holds {whose} as planned"
            ),
        };
        sink.push(
            code,
            span,
            format!("for {whose}, the kernel {first}{more}"),
            fix,
            flows,
        );
    }
}

/// A kernel policy difference in words, with the listed policy's place.
type PolicyLine = (String, Option<Span>);

fn action_words(a: Action) -> &'static str {
    match a {
        Action::Pass => "its packets in the clear",
        Action::Block => "none of its packets",
        Action::Protect(_) => "its packets only under IPsec",
    }
}

// ---------------------------------------------------------------- Windows

/// Windows rules, as the Windows model decides them, per direction.
struct WindowsSide {
    outbound: Vec<WinRule>,
    inbound: Vec<WinRule>,
    labels: Vec<String>,
    spans: Vec<Option<Span>>,
}

impl Side for WindowsSide {
    fn decide(&self, p: &Packet, outbound: bool) -> (Effect, Vec<usize>) {
        let rules = if outbound {
            &self.outbound
        } else {
            &self.inbound
        };
        let index = |w: &WinRule| rules.iter().position(|r| std::ptr::eq(r, w));
        match win::decide(rules, p) {
            win::Decision::NoRule => (Effect::Clear, Vec::new()),
            win::Decision::Rule(w) => (Effect::of(w.action), index(w).into_iter().collect()),
            win::Decision::Tie(a, b) => (
                Effect::Undecided,
                [index(a), index(b)].into_iter().flatten().collect(),
            ),
        }
    }

    fn describe(&self, rule: Option<usize>) -> String {
        rule.and_then(|r| self.labels.get(r))
            .map_or_else(|| "no rule (Windows passes it)".to_string(), Clone::clone)
    }

    fn span(&self, rule: usize) -> Option<Span> {
        self.spans.get(rule).cloned().flatten()
    }

    fn port_edges(&self) -> Vec<u16> {
        self.outbound
            .iter()
            .flat_map(|r| r.local_ports.ranges().iter().chain(r.remote_ports.ranges()))
            .flat_map(|r| [r.start(), r.end()])
            .collect()
    }
}

fn windows(
    input: &Input<'_>,
    index: &FlowIndex,
    set: &RuleSet,
    read: &Read<Export>,
    sink: &mut Sink<'_>,
) {
    let export = &read.value;
    let emit = input.emit();
    let planned = match index.planned_gpo(&emit, set.owner) {
        Some(Ok(p)) => p,
        Some(Err(e)) => {
            sink.note_unplanned(read.file, &e.to_string());
            return;
        }
        None => {
            sink.note_unplanned(
                read.file,
                "its platform is not one the PowerShell target writes",
            );
            return;
        }
    };
    let plan_side = WindowsSide {
        outbound: planned.rules.iter().map(|(_, r)| r.clone()).collect(),
        inbound: planned.rules.iter().map(|(_, r)| r.clone()).collect(),
        labels: planned
            .rules
            .iter()
            .map(|(n, _)| format!("rule `{n}`"))
            .collect(),
        spans: vec![None; planned.rules.len()],
    };
    let enabled: Vec<&windows_state::ExportedRule> =
        export.rules.iter().filter(|r| r.enabled).collect();
    let deployed = WindowsSide {
        outbound: enabled.iter().map(|r| r.outbound.clone()).collect(),
        inbound: enabled
            .iter()
            .map(|r| WinRule {
                action: r.inbound_action,
                ..r.outbound.clone()
            })
            .collect(),
        labels: enabled
            .iter()
            .map(|r| format!("the deployed rule `{}`", r.name))
            .collect(),
        spans: enabled
            .iter()
            .map(|r| at(read.file, r.span.clone()))
            .collect(),
    };
    let deciding = compare_flows(
        input, index, set.owner, &plan_side, &deployed, None, read.file, sink,
    );
    let deciding_by_name: BTreeMap<&str, &Vec<FlowId>> = deciding
        .iter()
        .filter_map(|(i, flows)| enabled.get(*i).map(|r| (r.name.as_str(), flows)))
        .collect();
    windows_rules(input, set, planned, read, &deciding_by_name, sink);
    windows_negotiation(input, set, planned, read, sink);
}

fn windows_rules(
    input: &Input<'_>,
    set: &RuleSet,
    planned: &PlannedGpo,
    read: &Read<Export>,
    deciding: &BTreeMap<&str, &Vec<FlowId>>,
    sink: &mut Sink<'_>,
) {
    let export = &read.value;
    let by_name: BTreeMap<&str, &windows_state::ExportedRule> =
        export.rules.iter().map(|r| (r.name.as_str(), r)).collect();
    let flows_of = |r: &WinRule| {
        set.rules
            .get(r.plan_rule)
            .map(|p| p.flows.clone())
            .unwrap_or_default()
    };
    for (name, rule) in &planned.rules {
        match by_name.get(name.as_str()) {
            None => sink.push(
                Code::MissingRule,
                at(read.file, 0..0),
                format!("the rule `{name}` is not in the export ({})", export.policy_store),
                "run the emitted GPO script again".into(),
                flows_of(rule),
            ),
            Some(d) if !d.enabled => sink.push(
                Code::MissingRule,
                at(read.file, d.span.clone()),
                format!("the rule `{name}` is disabled"),
                format!("enable it (Enable-NetIPsecRule -IPsecRuleName '{name}') or run the emitted GPO script again"),
                flows_of(rule),
            ),
            Some(d) => {
                let differences = rule_differences(rule, d);
                if !differences.is_empty() {
                    sink.push(
                        Code::ChangedRule,
                        at(read.file, d.span.clone()),
                        format!("the rule `{name}` differs from the plan: {}", differences.join("; ")),
                        "run the emitted GPO script again, which replaces cordon's rules".into(),
                        flows_of(rule),
                    );
                }
            }
        }
    }
    let planned_names: std::collections::BTreeSet<&str> =
        planned.rules.iter().map(|(n, _)| n.as_str()).collect();
    for d in export
        .rules
        .iter()
        .filter(|r| !planned_names.contains(r.name.as_str()))
    {
        let flows = deciding
            .get(d.name.as_str())
            .map(|f| (*f).clone())
            .unwrap_or_default();
        let lets = if flows.is_empty() {
            "it decides none of the hierarchy's flows otherwise than the plan".to_string()
        } else {
            format!(
                "it decides {} otherwise than the plan ({})",
                plural(flows.len(), "flow"),
                super::name_flows(input, &flows)
            )
        };
        let keywords = if d.keywords.is_empty() {
            String::new()
        } else {
            format!("; it names {} (read as any)", d.keywords.join(", "))
        };
        sink.push(
            Code::ExtraRule,
            at(read.file, d.span.clone()),
            format!(
                "the rule `{}`{} is not cordon's: {}, {}{keywords}; {lets}",
                d.name,
                if d.enabled { "" } else { " (disabled)" },
                describe_rule(&d.outbound),
                describe_action(d.outbound.action, d.inbound_action),
            ),
            "remove it, or add what it is for to the topology and plan again".into(),
            flows,
        );
    }
}

fn describe_rule(r: &WinRule) -> String {
    let ports = |label: &str, p: &crate::net::PortSet| {
        if r.protocol.has_ports() && !p.is_any() {
            format!(" {label} {p}")
        } else {
            String::new()
        }
    };
    format!(
        "local {} remote {} {}{}{}",
        r.local,
        r.remote,
        r.protocol,
        ports("local port", &r.local_ports),
        ports("remote port", &r.remote_ports)
    )
}

fn describe_action(outbound: RuleAction, inbound: RuleAction) -> String {
    let word = |a: RuleAction| match a {
        RuleAction::Permit => "none",
        RuleAction::Request => "request",
        RuleAction::Require => "require",
        RuleAction::Block => "block",
    };
    format!(
        "inbound security {}, outbound {}",
        word(inbound),
        word(outbound)
    )
}

/// How a deployed rule differs from the planned rule of its name.
fn rule_differences(planned: &WinRule, d: &windows_state::ExportedRule) -> Vec<String> {
    let mut out = Vec::new();
    let r = &d.outbound;
    let mut differ = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{what} {b} (planned {a})"));
        }
    };
    // A per-family rule holds its family's part of its addresses: `Any` on an ICMPv4
    // rule is the 0.0.0.0/0 the plan's -v4 rule means.
    let within = |set: &crate::net::AddrSet, family| win::of_family(set, family).to_string();
    differ(
        "local address",
        within(&planned.local, planned.family),
        within(&r.local, r.family),
    );
    differ(
        "remote address",
        within(&planned.remote, planned.family),
        within(&r.remote, r.family),
    );
    differ(
        "protocol",
        planned.protocol.to_string(),
        r.protocol.to_string(),
    );
    if planned.protocol.has_ports() || r.protocol.has_ports() {
        differ(
            "local port",
            planned.local_ports.to_string(),
            r.local_ports.to_string(),
        );
        differ(
            "remote port",
            planned.remote_ports.to_string(),
            r.remote_ports.to_string(),
        );
    }
    differ(
        "security",
        describe_action(planned.action, planned.action),
        describe_action(r.action, d.inbound_action),
    );
    differ(
        "key module",
        if planned.ikev2 { "IKEv2" } else { "Default" }.into(),
        if r.ikev2 { "IKEv2" } else { "Default" }.into(),
    );
    out
}

fn windows_negotiation(
    input: &Input<'_>,
    set: &RuleSet,
    planned: &PlannedGpo,
    read: &Read<Export>,
    sink: &mut Sink<'_>,
) {
    let export = &read.value;
    let flows: Vec<FlowId> = set
        .rules
        .iter()
        .filter(|r| r.mode.is_some())
        .flat_map(|r| r.flows.iter().copied())
        .collect();
    for ((name, _), (auth, qm)) in planned.rules.iter().zip(&planned.rule_sets) {
        let Some(d) = export.rules.iter().find(|r| &r.name == name) else {
            continue;
        };
        for (what, want, have) in [
            ("Phase1AuthSet", auth, &d.auth_set),
            ("QuickModeCryptoSet", qm, &d.quick_mode_set),
        ] {
            if want != have {
                sink.push(
                    Code::NegotiationChanged,
                    at(read.file, d.span.clone()),
                    format!(
                        "the rule `{name}` names {what} `{have}` where the plan names `{want}`"
                    ),
                    "run the emitted GPO script again".into(),
                    flows.clone(),
                );
            }
        }
    }
    for s in &planned.sets {
        let words = windows_state::words_of(s.proposal_cmdlet);
        let want: Vec<String> = s
            .calls
            .iter()
            .map(|c| windows_state::call_words(c, words))
            .collect();
        let deployed = export
            .auth_sets
            .get(&s.name)
            .or_else(|| export.main_mode_sets.get(&s.name))
            .or_else(|| export.quick_mode_sets.get(&s.name));
        match deployed {
            None => sink.push(
                Code::NegotiationChanged,
                at(read.file, 0..0),
                format!(
                    "the set `{}` is not in the export: rules that name it negotiate with Windows' defaults",
                    s.name
                ),
                "run the emitted GPO script again".into(),
                flows.clone(),
            ),
            Some(d) if d.proposals != want => sink.push(
                Code::NegotiationChanged,
                at(read.file, d.span.clone()),
                format!(
                    "the set `{}` offers [{}] where the plan offers [{}]",
                    s.name,
                    d.proposals.join(" | "),
                    want.join(" | ")
                ),
                "run the emitted GPO script again (cordon's sets replace the group's)".into(),
                flows.clone(),
            ),
            Some(_) => {}
        }
    }
    if behind_nat(input.topology, input.traffic, set)
        && let Some(nat) = &export.ipsec_through_nat
        && nat != "Both"
    {
        sink.push(
            Code::NegotiationChanged,
            at(read.file, 0..0),
            format!(
                "AllowIPsecThroughNAT is `{nat}`, and encrypted flows of this host cross NAT: the plan sets Both"
            ),
            "Set-NetFirewallSetting -AllowIPsecThroughNAT Both (the emitted GPO script does)".into(),
            flows,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::PortBlock;
    use ipnet::IpNet;

    fn policy(seed: u32, i: u32) -> Policy {
        // A small deterministic mix: overlapping prefixes, port blocks and priorities.
        let h = seed
            .wrapping_mul(2_654_435_761)
            .wrapping_add(i.wrapping_mul(40_503));
        let prefix = |bits: u32, len: u8| {
            IpNet::new(
                IpAddr::from([10, 0, (bits % 4) as u8, (bits % 7) as u8]),
                len,
            )
            .map(|n| n.trunc())
            .unwrap_or_else(|_| IpNet::from(IpAddr::from([10, 0, 0, 0])))
        };
        let block = |bits: u32| match bits % 4 {
            0 => PortBlock::ANY,
            1 => PortBlock {
                port: 445,
                mask: 0xffff,
            },
            2 => PortBlock {
                port: 5000,
                mask: 0xfff8,
            },
            _ => PortBlock {
                port: 40000,
                mask: 0xffff,
            },
        };
        Policy {
            dir: if h.is_multiple_of(2) {
                Direction::Out
            } else {
                Direction::In
            },
            selector: xfrm::Selector {
                src: prefix(h >> 3, [32, 30, 24, 0][(h >> 9) as usize % 4]),
                dst: prefix(h >> 5, [32, 29, 16, 0][(h >> 11) as usize % 4]),
                proto: [0, 6, 17][(h >> 13) as usize % 3],
                sport: block(h >> 15),
                dport: block(h >> 17),
            },
            priority: 1000 + (h >> 19) % 8,
            action: [
                Action::Pass,
                Action::Block,
                Action::Protect(xfrm::Mode::Transport),
            ][(h >> 22) as usize % 3],
        }
    }

    #[test]
    fn the_first_lookups_scan_and_the_rest_use_the_classifier_with_the_same_answers() {
        let mut misses = 0;
        for seed in 0..20 {
            let policies: Vec<Policy> = (0..60).map(|i| policy(seed, i)).collect();
            let index = DirectionIndex::new(&policies, Direction::Out);
            let mut answers = Vec::new();
            // Twice over the same packets: before and after the classifier is built.
            for round in 0..2 {
                let mut k = 0;
                for src in 0..9u8 {
                    for dst in 0..9u8 {
                        for (proto, port) in [(6, 445), (17, 5003), (6, 40000), (1, 0)] {
                            let found = index.lookup(
                                &policies,
                                (
                                    IpAddr::from([10, 0, src % 4, src]),
                                    IpAddr::from([10, 0, dst % 4, dst]),
                                ),
                                proto,
                                (40000, port),
                            );
                            if round == 0 {
                                answers.push(found);
                            } else {
                                assert_eq!(found, answers[k], "seed {seed}, packet {k}");
                            }
                            k += 1;
                        }
                    }
                }
                assert!(k > SCANS_BEFORE_INDEX);
            }
            assert!(index.tree.get().is_some(), "the classifier was built");
            let hits = answers.iter().filter(|a| a.is_some()).count();
            assert!(hits > 0, "seed {seed}: no policy matched");
            misses += answers.len() - hits;
        }
        assert!(misses > 0, "some packets match no policy");
    }
}
