//! Output formats for what the stages computed: text tables for people, JSON for tools.
//! Nothing is decided here; every value comes from the topology, traffic map or policy.

pub mod audit;
pub mod diff;
pub mod findings;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::policy::Policy;
use crate::topology::Topology;
use crate::traffic::TrafficMap;

/// Everything `plan` computed, borrowed for rendering.
#[derive(Clone, Copy)]
pub struct Plan<'a> {
    /// The topology.
    pub topology: &'a Topology,
    /// Its traffic map.
    pub traffic: &'a TrafficMap,
    /// Its policy.
    pub policy: &'a Policy,
    /// The topology file's name as shown to the user.
    pub file_name: &'a str,
}

/// Which flows a listing shows.
#[derive(Clone, Debug, Default)]
pub struct FlowFilter {
    /// Only flows with this host or client group at either end.
    pub endpoint: Option<crate::traffic::Endpoint>,
    /// Only flows on this path.
    pub path: Option<crate::catalog::Path>,
    /// Only flows that rest on catalog rows marked `certain = false`.
    pub uncertain: bool,
}

impl FlowFilter {
    /// Whether the filter keeps a flow.
    pub fn keeps(&self, plan: &Plan<'_>, flow: &crate::traffic::Flow) -> bool {
        self.endpoint.is_none_or(|e| flow.from == e || flow.to == e)
            && self.path.is_none_or(|p| flow.path == p)
            && (!self.uncertain || !crate::traffic::row(plan.topology, flow).certain)
    }
}
