//! `cordon drift`: the state deployed on hosts, firewalls and gateways, read back and held
//! against the plan, flow by flow.
//!
//! Drift asks each platform's model (`platform`) the question `verify` asks of the plan —
//! "what does this platform do with this flow?" — of the deployed rules and of the rules
//! the plan gives that platform, and reports where the answers differ: flows that lose
//! their protection or are cut off, negotiation that changed, rules nobody planned and
//! planned rules that are gone, each pointing at the deployed rule in the state file.
//! Takes the topology, traffic map and policy, and the state folder ([`state`]); returns
//! [`Finding`]s. Knows no output format.

mod conf;
mod firewall;
mod gateway;
mod hosts;
mod ruleset;
pub mod state;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::{self, gateway::GatewayStack};
use crate::policy::Policy;
use crate::source::{FileId, Span};
use crate::topology::Topology;
use crate::traffic::{Endpoint, FlowId, TrafficMap};
use crate::verify::{Severity, codes};
use state::{Deployed, Owner, OwnerState};

codes! {
    FlowNowClear => "flow-now-clear", Error,
        "A flow the plan encrypts is let through in the clear by the deployed rules.";
    FlowNowBlocked => "flow-now-blocked", Error,
        "A flow the plan lets through (encrypted or in the clear) is dropped by the deployed rules: an outage.";
    ExemptFlowNowProtected => "exempt-flow-now-protected", Error,
        "A flow the plan exempts (AMT, DHCP, a domain controller, the Internet) meets a deployed protect rule: the end that cannot negotiate IPsec is cut off.";
    FlowNowRequest => "flow-now-request", Warning,
        "A flow the plan requires IPsec for meets a deployed rule that only requests it: the host would also talk in the clear.";
    FlowUndecided => "flow-undecided", Warning,
        "Two deployed rules with different actions match a flow and neither is more specific: which one Windows applies is not documented.";
    FlowChanged => "flow-changed", Warning,
        "The deployed rules treat a flow otherwise than the plan in a way none of the other codes names.";
    FirewallPassesClear => "firewall-passes-clear", Warning,
        "A firewall passes the plaintext of a flow that the plan only lets cross as IKE and ESP.";
    NegotiationChanged => "negotiation-changed", Warning,
        "Proposals, authentication methods, CAs or NAT traversal of the deployed state differ from the plan's.";
    ExtraRule => "extra-rule", Warning,
        "A deployed rule that no planned rule accounts for.";
    MissingRule => "missing-rule", Warning,
        "A planned rule the deployed state does not hold.";
    ChangedRule => "changed-rule", Warning,
        "A deployed rule that carries a planned rule's name or place but matches or does otherwise.";
    UnknownState => "unknown-state", Warning,
        "State for a host, firewall or gateway that the topology does not know.";
    NoState => "no-state", Note,
        "A host, firewall or gateway of the topology with no state in the folder: not checked.";
    StateRead => "state-read", Note,
        "What was read for an owner, and how: for the record.";
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The code.
    pub code: Code,
    /// The host, client group, firewall or gateway.
    pub owner: String,
    /// What differs, with the names of the rules involved.
    pub message: String,
    /// The deployed rule (in its state file), or the owner in the topology.
    pub span: Option<Span>,
    /// How to bring the deployment back to the plan.
    pub fix: String,
    /// The flows it concerns.
    pub flows: Vec<FlowId>,
}

impl Finding {
    /// The finding's severity (its code's).
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// What drift reads.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The topology.
    pub topology: &'a Topology,
    /// Its traffic map.
    pub traffic: &'a TrafficMap,
    /// Its policy.
    pub policy: &'a Policy,
}

impl<'a> Input<'a> {
    fn emit(&self) -> emit::Input<'a> {
        emit::Input {
            topology: self.topology,
            traffic: self.traffic,
            policy: self.policy,
            source: &self.topology.name,
            gateway_stack: GatewayStack::Xfrm,
        }
    }
}

/// How many flow ids a finding's message names before it counts the rest.
const NAMED_FLOWS: usize = 4;

/// What drift found, with the texts of the state files its findings point into (for the
/// source map, which holds the others' names only).
pub struct Drifted {
    /// The findings, sorted.
    pub findings: Vec<Finding>,
    /// `(file, text)` of every state file a finding points into.
    pub texts: Vec<(FileId, String)>,
}

/// Why drift could not hold the state against the plan: the files that cannot be read,
/// each error located, and the texts the errors point into.
pub struct Unreadable {
    /// The errors, in the folder's name order.
    pub errors: Diagnostics,
    /// `(file, text)` of every file an error points into.
    pub texts: Vec<(FileId, String)>,
}

/// Reads every owner's state and holds it against the plan, owner by owner on every core
/// (an owner's files are read, checked and let go, so that memory holds a few owners'
/// state, not the folder's). Findings come sorted by severity, code, owner, then message;
/// the same folder gives the same findings. A file that cannot be read fails the whole
/// run, with every such file's error.
pub fn drift(input: &Input<'_>, deployed: &Deployed) -> Result<Drifted, Unreadable> {
    let index = FlowIndex::new(input, deployed);
    let t = input.topology;
    let owners: Vec<(&Owner, &Vec<state::StateFile>)> = deployed.owners.iter().collect();
    let checked: Vec<(Vec<Finding>, state::Loaded)> = owners
        .par_iter()
        .map(|(owner, files)| {
            let plan = hosts::HostPlan::of(input, **owner);
            let settled = plan
                .as_ref()
                .map(|plan| hosts::settled(input, plan, files))
                .unwrap_or_default();
            let unsettled = files
                .iter()
                .zip(settled.iter().chain(std::iter::repeat(&false)))
                .filter(|(_, settled)| !**settled)
                .map(|(f, _)| f);
            let mut loaded = state::load(unsettled, Some(owner.name(t)));
            let findings = if loaded.errors.is_empty() {
                owner_findings(input, &index, **owner, plan.as_ref(), &loaded.state)
            } else {
                Vec::new()
            };
            loaded.state = OwnerState::default();
            loaded.texts = pointed_into(&findings, &loaded.errors, loaded.texts);
            (findings, loaded)
        })
        .collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut texts = Vec::new();
    for (findings, loaded) in checked {
        texts.extend(loaded.texts);
        out.extend(findings);
        errors.extend(loaded.errors);
    }
    for (name, file) in &deployed.unknown {
        // Read for its errors alone: whose state it is, nobody knows.
        let loaded = state::load(std::slice::from_ref(file), None);
        let finding = Finding {
            code: Code::UnknownState,
            owner: name.clone(),
            message: format!(
                "state for `{name}`, which is no host, client group, firewall or gateway of the topology"
            ),
            span: Some(Span::new(file.file, 0..0)),
            fix: "name the file after the host (as the topology spells it), or add the host to the topology".into(),
            flows: Vec::new(),
        };
        texts.extend(pointed_into(
            std::slice::from_ref(&finding),
            &loaded.errors,
            loaded.texts,
        ));
        out.push(finding);
        errors.extend(loaded.errors);
    }
    if !errors.is_empty() {
        // In the folder's order: the files' ids were given in name order.
        errors.sort_by_key(|(file, _)| *file);
        return Err(Unreadable {
            errors: Diagnostics(errors.into_iter().map(|(_, d)| d).collect()),
            texts,
        });
    }
    let missing: Vec<Owner> = expected_owners(input)
        .into_iter()
        .filter(|o| !deployed.owners.contains_key(o))
        .collect();
    if let Some(first) = missing.first() {
        let mut names: Vec<&str> = missing.iter().take(8).map(|o| o.name(t)).collect();
        if missing.len() > names.len() {
            names.push("…");
        }
        out.push(Finding {
            code: Code::NoState,
            owner: first.name(t).to_string(),
            message: format!(
                "no state for {} of the topology's {} hosts, firewalls and gateways: {}",
                missing.len(),
                missing.len() + deployed.owners.len(),
                names.join(", ")
            ),
            span: Some(first.span(t)),
            fix: "collect their state as docs/drift.md shows, or leave them out knowingly".into(),
            flows: Vec::new(),
        });
    }
    out.sort_by(|a, b| {
        (a.severity(), a.code, &a.owner, &a.message).cmp(&(
            b.severity(),
            b.code,
            &b.owner,
            &b.message,
        ))
    });
    Ok(Drifted {
        findings: out,
        texts,
    })
}

/// The texts of the files that findings or errors point into; the rest go.
fn pointed_into(
    findings: &[Finding],
    errors: &[(FileId, Diagnostic)],
    texts: Vec<(FileId, String)>,
) -> Vec<(FileId, String)> {
    let pointed: std::collections::BTreeSet<FileId> = findings
        .iter()
        .filter_map(|f| f.span.as_ref().map(|s| s.file))
        .chain(
            errors
                .iter()
                .filter_map(|(_, d)| d.span.as_ref().map(|s| s.file)),
        )
        .collect();
    texts
        .into_iter()
        .filter(|(id, _)| pointed.contains(id))
        .collect()
}

/// The owners that have deployed state to check: hosts with a rule set (client groups
/// are many computers, each optional), firewalls, gateways.
fn expected_owners(input: &Input<'_>) -> Vec<Owner> {
    let t = input.topology;
    let hosts = input.policy.hosts.iter().filter_map(|s| match s.owner {
        Endpoint::Host(h) => Some(Owner::Host(h)),
        _ => None,
    });
    let firewalls = input
        .policy
        .firewalls
        .iter()
        .map(|f| Owner::Firewall(f.firewall));
    let gateways =
        (0..t.gateways.len()).map(|i| Owner::Gateway(crate::topology::GatewayId(i as u32)));
    hosts.chain(firewalls).chain(gateways).collect()
}

/// The flows of each owner with state, found once.
struct FlowIndex {
    // foldhash, not SipHash: the index is built by a lookup per end of every flow (1.4
    // million for the 10,000-host benchmark), before any owner is checked.
    by_endpoint: HashMap<Endpoint, Vec<FlowId>, foldhash::fast::RandomState>,
    by_firewall: HashMap<crate::topology::FirewallId, Vec<FlowId>, foldhash::fast::RandomState>,
    addrs: crate::traffic::RepresentativeAddrs,
    /// The hierarchy's GPOs, laid out once for every Windows export.
    gpos: std::sync::OnceLock<GpoPlans>,
}

/// The GPOs, the one each host or client group is a member of, and what each GPO's
/// script writes, found once per GPO (a GPO serves many hosts, and proving its rules
/// checks every member).
struct GpoPlans {
    gpos: Vec<emit::netsecurity::Gpo>,
    of_member: HashMap<Endpoint, usize>,
    planned: Vec<std::sync::OnceLock<Result<emit::netsecurity::PlannedGpo, emit::Unsupported>>>,
}

impl FlowIndex {
    fn new(input: &Input<'_>, deployed: &Deployed) -> Self {
        let mut by_endpoint: HashMap<Endpoint, Vec<FlowId>, _> = HashMap::default();
        let mut by_firewall: HashMap<crate::topology::FirewallId, Vec<FlowId>, _> =
            HashMap::default();
        for owner in deployed.owners.keys() {
            match owner {
                Owner::Host(h) => {
                    by_endpoint.insert(Endpoint::Host(*h), Vec::new());
                }
                Owner::Group(g) => {
                    by_endpoint.insert(Endpoint::Group(*g), Vec::new());
                }
                Owner::Firewall(f) => {
                    by_firewall.insert(*f, Vec::new());
                }
                Owner::Gateway(_) => {}
            }
        }
        for (i, flow) in input.traffic.flows.iter().enumerate() {
            let id = FlowId(i as u32);
            for end in [flow.from, flow.to] {
                if let Some(list) = by_endpoint.get_mut(&end)
                    && list.last() != Some(&id)
                {
                    list.push(id);
                }
            }
            if !by_firewall.is_empty() {
                for fw in &input.traffic.route(flow).firewalls {
                    if let Some(list) = by_firewall.get_mut(fw) {
                        list.push(id);
                    }
                }
            }
        }
        FlowIndex {
            by_endpoint,
            by_firewall,
            addrs: crate::traffic::RepresentativeAddrs::new(input.topology),
            gpos: std::sync::OnceLock::new(),
        }
    }

    /// What the GPO script that applies to `owner` writes; `None` when no GPO does.
    fn planned_gpo(
        &self,
        input: &emit::Input<'_>,
        owner: Endpoint,
    ) -> Option<&Result<emit::netsecurity::PlannedGpo, emit::Unsupported>> {
        let plans = self.gpos.get_or_init(|| {
            let gpos = emit::netsecurity::gpos(input);
            let of_member = gpos
                .iter()
                .enumerate()
                .flat_map(|(i, g)| g.members.iter().map(move |m| (*m, i)))
                .collect();
            GpoPlans {
                planned: gpos.iter().map(|_| std::sync::OnceLock::new()).collect(),
                of_member,
                gpos,
            }
        });
        let i = *plans.of_member.get(&owner)?;
        Some(plans.planned[i].get_or_init(|| emit::netsecurity::planned_gpo(input, &plans.gpos[i])))
    }
}

/// One owner's findings; `plan` is a host's or client group's ([`hosts::HostPlan::of`]),
/// made before its files were settled.
fn owner_findings(
    input: &Input<'_>,
    index: &FlowIndex,
    owner: Owner,
    plan: Option<&hosts::HostPlan<'_>>,
    st: &OwnerState,
) -> Vec<Finding> {
    let t = input.topology;
    let name = owner.name(t).to_string();
    let mut out = Vec::new();
    let mut sink = Sink {
        owner: &name,
        out: &mut out,
    };
    match (owner, plan) {
        (Owner::Firewall(f), _) => firewall::check(input, index, f, st, &mut sink),
        (Owner::Gateway(g), _) => gateway::check(input, index, g, st, &mut sink),
        (Owner::Host(_) | Owner::Group(_), Some(plan)) => {
            hosts::check(input, index, plan, st, &mut sink);
        }
        // `HostPlan::of` gives every host and client group its plan.
        (Owner::Host(_) | Owner::Group(_), None) => {}
    }
    out
}

/// Where one owner's findings go.
struct Sink<'a> {
    owner: &'a str,
    out: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    fn push(
        &mut self,
        code: Code,
        span: Option<Span>,
        message: String,
        fix: String,
        flows: Vec<FlowId>,
    ) {
        self.out.push(Finding {
            code,
            owner: self.owner.to_string(),
            message: format!("{}: {message}", self.owner),
            span,
            fix,
            flows,
        });
    }

    /// Notes each file of the owner in a form other than those drift holds for it.
    fn note_other_forms(&mut self, st: &OwnerState, held: &[state::Format], why: &str) {
        let files = [
            (
                state::Format::Nftables,
                st.nftables.as_ref().map(|r| r.file),
            ),
            (state::Format::IpXfrm, st.xfrm.as_ref().map(|r| r.file)),
            (state::Format::Swanctl, st.swanctl.as_ref().map(|r| r.file)),
            (
                state::Format::WindowsExport,
                st.windows.as_ref().map(|r| r.file),
            ),
        ];
        for (format, file) in files {
            if let Some(file) = file.filter(|_| !held.contains(&format)) {
                self.push(
                    Code::StateRead,
                    Some(Span::new(file, 0..0)),
                    format!("its {} is not compared: {why}", format.name()),
                    "nothing to do, or collect the state drift reads for it (docs/drift.md)".into(),
                    Vec::new(),
                );
            }
        }
    }

    /// The plan has nothing of this form for the owner (its target refuses it).
    fn note_unplanned(&mut self, file: FileId, why: &str) {
        self.push(
            Code::StateRead,
            Some(Span::new(file, 0..0)),
            format!("cordon writes no such file for it ({why}), so there is nothing to hold this state against"),
            "collect the state of the platform the host runs".into(),
            Vec::new(),
        );
    }
}

/// Findings about flows, grouped: one per code, deployed rule, planned rule and what
/// happens, naming the first few flows and counting the rest.
#[derive(Default)]
struct FlowGroups {
    groups: BTreeMap<(Code, String, String, String), Group>,
}

struct Group {
    span: Option<Span>,
    flows: Vec<FlowId>,
}

impl FlowGroups {
    fn add(
        &mut self,
        code: Code,
        deployed: String,
        planned: String,
        span: Option<Span>,
        what: String,
        flow: FlowId,
    ) {
        let g = self
            .groups
            .entry((code, deployed, planned, what))
            .or_insert_with(|| Group {
                span,
                flows: Vec::new(),
            });
        if g.flows.last() != Some(&flow) {
            g.flows.push(flow);
        }
    }

    fn emit(self, input: &Input<'_>, sink: &mut Sink<'_>) {
        for ((code, deployed, planned, what), g) in self.groups {
            let named = name_flows(input, &g.flows);
            let fix = match code {
                Code::FlowUndecided => format!(
                    "make one of the rules more specific, or remove the one cordon did not write ({deployed})"
                ),
                Code::FirewallPassesClear => format!(
                    "remove {deployed}, or narrow it so that only IKE and ESP of these flows cross"
                ),
                _ => format!(
                    "load the emitted configuration again, so that the plan decides ({planned}); remove {deployed} if cordon did not write it"
                ),
            };
            sink.push(
                code,
                g.span,
                format!(
                    "{} {named}: {}; the plan: {planned}",
                    plural(g.flows.len(), "flow"),
                    what
                ),
                fix,
                g.flows,
            );
        }
    }
}

/// `flow-a, flow-b and 3 more`.
fn name_flows(input: &Input<'_>, flows: &[FlowId]) -> String {
    let mut ids: Vec<String> = flows
        .iter()
        .take(NAMED_FLOWS)
        .filter_map(|id| input.traffic.flows.get(id.0 as usize))
        .map(|f| input.traffic.flow_id(input.topology, f))
        .collect();
    let rest = flows.len().saturating_sub(ids.len());
    if rest > 0 {
        ids.push(format!("and {rest} more"));
    }
    ids.join(", ")
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A span in a state file.
fn at(file: FileId, range: Range<usize>) -> Option<Span> {
    Some(Span::new(file, range))
}
