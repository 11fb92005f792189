//! `cordon drift` on state made by the real tools: the emitted nftables rulesets loaded
//! into nft in network namespaces and listed with `nft -j`; the emitted swanctl.conf
//! loaded by charon (kernel-netlink) and the kernel's policies listed with `ip xfrm
//! policy`; Windows exports derived from the emitted GPO scripts. Unchanged, there is no
//! drift; each mutation is reported as the flows it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cordon::lab::hosts::{HostLabOptions, run_host_lab};
use serde_json::{Value, json};

use crate::powershell::parse;
use crate::real_tools::{can_unshare_net, have, have_strongswan};
use crate::util::{cordon, emit_into, plan, root, stderr, stdout};

/// Network namespaces made for one test, removed when it ends.
struct Namespaces(Vec<String>);

impl Drop for Namespaces {
    fn drop(&mut self) {
        for ns in &self.0 {
            let _ = Command::new("ip").args(["netns", "delete", ns]).status();
        }
    }
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The example every nftables test starts from.
const HIERARCHY: &str = "examples/hierarchy.toml";

/// The hierarchy's emitted rulesets loaded into nft in namespaces, their listings in
/// `state`, the namespaces by firewall or gateway name.
struct NftLab {
    state: tempfile::TempDir,
    _spaces: Namespaces,
    ns: BTreeMap<String, String>,
}

/// The [`NftLab`] of namespaces named with `tag`; `None` where nft or network namespaces
/// are missing (which `CI=true` turns into a failure).
fn nft_lab(tag: &str) -> Option<NftLab> {
    if !(have("nft") && can_unshare_net()) {
        return None;
    }
    let state = tempfile::tempdir().unwrap();
    let (spaces, ns) = nft_state(HIERARCHY, state.path(), tag);
    Some(NftLab {
        state,
        _spaces: spaces,
        ns,
    })
}

/// Loads every emitted firewall and gateway ruleset into a namespace of its own and
/// writes `nft -j list ruleset` of each into `state`; returns the namespaces by firewall
/// or gateway name.
fn nft_state(example: &str, state: &Path, tag: &str) -> (Namespaces, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    emit_into(example, "nftables", dir.path());
    let mut spaces = Namespaces(Vec::new());
    let mut by_name = BTreeMap::new();
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir.path().join("nftables"))
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.path().file_stem().unwrap().to_string_lossy().into_owned();
            (name, e.path())
        })
        .collect();
    if let Ok(gateways) = std::fs::read_dir(dir.path().join("gateways")) {
        files.extend(gateways.flatten().map(|g| {
            let name = g.file_name().to_string_lossy().into_owned();
            (name, g.path().join("cordon.nft"))
        }));
    }
    files.sort();
    for (i, (name, f)) in files.into_iter().enumerate() {
        let ns = format!("cdrift-{tag}-{i}");
        let _ = Command::new("ip")
            .args(["netns", "delete", &ns])
            .stderr(std::process::Stdio::null())
            .status();
        run(Command::new("ip").args(["netns", "add", &ns]));
        spaces.0.push(ns.clone());
        run(Command::new("ip")
            .args(["netns", "exec", &ns, "nft", "-f"])
            .arg(&f));
        dump(&ns, &state.join(format!("{name}.json")));
        by_name.insert(name, ns);
    }
    (spaces, by_name)
}

fn dump(ns: &str, to: &Path) {
    let listing =
        run(Command::new("ip").args(["netns", "exec", ns, "nft", "-j", "list", "ruleset"]));
    std::fs::write(to, listing).unwrap();
}

fn nft(ns: &str, args: &str) {
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", ns, "nft"]);
    cmd.args(args.split(' '));
    run(&mut cmd);
}

/// [`nft`], each command in turn.
fn nft_each(ns: &str, commands: &[&str]) {
    for args in commands {
        nft(ns, args);
    }
}

/// Every rule of a namespace's ruleset, with its handle (`nft -a -j`).
fn listed_rules(ns: &str) -> Vec<Value> {
    let listing: Value = serde_json::from_str(&run(
        Command::new("ip").args(["netns", "exec", ns, "nft", "-a", "-j", "list", "ruleset"])
    ))
    .unwrap();
    listing["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.get("rule").cloned())
        .collect()
}

/// The handle of the rule whose comment is `comment`.
fn handle_of(ns: &str, comment: &str) -> u64 {
    listed_rules(ns)
        .iter()
        .find(|r| r["comment"] == comment)
        .and_then(|r| r["handle"].as_u64())
        .unwrap_or_else(|| panic!("no rule {comment}"))
}

/// Runs drift; returns the exit code and the JSON findings.
fn drift(example: &str, state: &Path) -> (i32, Vec<Value>) {
    let o = cordon(&[
        "drift",
        example,
        "--state",
        state.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let code = o.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "{}\n{}", stdout(&o), stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["schema"], "cordon.drift/1");
    (code, doc["findings"].as_array().unwrap().clone())
}

/// The findings of one code about one owner.
fn of<'a>(findings: &'a [Value], code: &str, owner: &str) -> Vec<&'a Value> {
    findings
        .iter()
        .filter(|f| f["code"] == code && f["owner"] == owner)
        .collect()
}

/// The finding of a list whose message says `words`.
fn saying<'a>(findings: &[&'a Value], words: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains(words))
        .unwrap_or_else(|| panic!("no finding says {words:?}: {findings:#?}"))
}

fn flows(f: &Value) -> Vec<String> {
    f["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Everything but the notes (hosts left out of the folder).
fn drift_only(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["severity"] != "note")
        .collect()
}

#[test]
fn nftables_mutations_are_reported_as_the_flows_they_change() {
    let Some(NftLab { state, ns, _spaces }) = nft_lab("n") else {
        return;
    };
    let example = HIERARCHY;
    let (code, findings) = drift(example, state.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    let london = &ns["fw-dc-london"];
    // Delete the ESP rule, insert an accept above the drop, change a port.
    nft(
        london,
        &format!(
            "delete rule inet cordon forward handle {}",
            handle_of(london, "esp-10")
        ),
    );
    nft(
        london,
        "insert rule inet cordon forward position 4 tcp dport 445 accept",
    );
    let agent = handle_of(london, "exempt-client-agent-22");
    nft(
        london,
        &format!(
            "replace rule inet cordon forward handle {agent} ip saddr 10.30.0.5 ip daddr 10.20.0.12 tcp dport 8080 accept comment \"exempt-client-agent-22\""
        ),
    );
    dump(london, &state.path().join("fw-dc-london.json"));
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1);
    let owner = "fw-dc-london";
    // ESP of the site-to-site SMB flows is dropped; the esp-10 rule is gone.
    let blocked = of(&findings, "flow-now-blocked", owner);
    let esp = saying(&blocked, "ESP dropped");
    assert!(
        flows(esp).contains(&"s2s-smb:CEN-SS->LON-SS".to_string()),
        "{esp}"
    );
    assert!(esp["message"].as_str().unwrap().contains("esp-10"), "{esp}");
    assert_eq!(of(&findings, "missing-rule", owner).len(), 1);
    // The port change cuts off the client-agent flow it served.
    let agent = blocked
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("tcp 80 in the clear")
        })
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(flows(agent), ["cl-slp-http:LON-DC->CEN-SLP"]);
    let changed = of(&findings, "changed-rule", owner);
    assert!(
        changed[0]["message"]
            .as_str()
            .unwrap()
            .contains("dport 8080"),
        "{changed:#?}"
    );
    // The inserted accept lets SMB across in the clear, and is nobody's rule.
    let clear = of(&findings, "firewall-passes-clear", owner);
    assert!(
        flows(clear[0]).contains(&"s2s-smb:LON-SS->CEN-SS".to_string()),
        "{clear:#?}"
    );
    let extra = of(&findings, "extra-rule", owner);
    assert_eq!(extra.len(), 1, "{extra:#?}");
    assert!(
        extra[0]["message"]
            .as_str()
            .unwrap()
            .contains("dport 445 accept"),
        "{extra:#?}"
    );
    assert!(extra[0]["line"].as_u64().is_some());
    // Nothing about the firewalls nobody touched.
    assert!(
        drift_only(&findings).iter().all(|f| f["owner"] == owner),
        "{findings:#?}"
    );
}

/// The rules of a chain of a table, in order, with their handles.
fn handles(ns: &str, table: &str, chain: &str) -> Vec<(u64, Value)> {
    listed_rules(ns)
        .into_iter()
        .filter(|r| r["table"] == table && r["chain"] == chain)
        .map(|r| (r["handle"].as_u64().unwrap(), r))
        .collect()
}

#[test]
fn gateway_ruleset_mutations_are_reported_as_the_flows_they_change() {
    let Some(NftLab { state, ns, _spaces }) = nft_lab("g") else {
        return;
    };
    let example = HIERARCHY;
    let (code, findings) = drift(example, state.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    let london = &ns["LON-GW"];
    let owner = "LON-GW";
    let table = "cordon_gateway";
    // The request half of c02's fail-closed pair (BRN-SS -> LON-SS, in from the tunnel):
    // its first packet still meets the drop policy, a later one the conntrack accept.
    let c02 = handles(london, table, "forward")
        .into_iter()
        .find(|(_, r)| {
            r["comment"] == "c02 fail closed" && r["expr"].to_string().contains("\"dport\"")
        })
        .unwrap()
        .0;
    nft(
        london,
        &format!("delete rule inet {table} forward handle {c02}"),
    );
    dump(london, &state.path().join("LON-GW.json"));
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1, "{findings:#?}");
    let clear = of(&findings, "firewall-passes-clear", owner);
    assert_eq!(clear.len(), 1, "{clear:#?}");
    let later = saying(&clear, "a later packet of the request (tcp) in the clear");
    assert!(
        later["message"].as_str().unwrap().contains("established"),
        "{later}"
    );
    assert_eq!(
        flows(later),
        [
            "s2s-smb:BRN-SS->LON-SS",
            "s2s-pptp:BRN-SS->LON-SS",
            "s2s-proxymp-sql:BRN-SS->LON-SS"
        ]
    );
    // Only the half of the pair is gone: the name is still there, and nothing else moved.
    assert!(
        of(&findings, "missing-rule", owner).is_empty(),
        "{findings:#?}"
    );
    assert_eq!(drift_only(&findings).len(), 1, "{findings:#?}");

    // ESP from the peer no longer reaches the gateway: every flow of the tunnel is cut.
    let esp = handles(london, table, "input")
        .into_iter()
        .find(|(_, r)| r["expr"].to_string().contains("\"esp\""))
        .unwrap()
        .0;
    nft(
        london,
        &format!("delete rule inet {table} input handle {esp}"),
    );
    // c05's accept is gone: BRN-SS's traffic to the domain controller stops at the
    // gateway.
    let c05 = handle_of(london, "c05");
    nft(
        london,
        &format!("delete rule inet {table} forward handle {c05}"),
    );
    // An accept above the fail-closed drops lets SQL in without the tunnel.
    nft(
        london,
        &format!(
            "insert rule inet {table} forward position {} tcp dport 1433 accept",
            handles(london, table, "forward")[0].0
        ),
    );
    dump(london, &state.path().join("LON-GW.json"));
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1);
    let blocked = of(&findings, "flow-now-blocked", owner);
    let esp = saying(&blocked, "ESP from the peer gateway BRN-GW dropped");
    assert!(esp["message"].as_str().unwrap().contains("input"), "{esp}");
    let tunnel_flows = flows(esp).len();
    assert!(tunnel_flows > 40, "{esp}");
    let dc = saying(&blocked, "the request (tcp) in from the tunnel dropped");
    assert!(
        flows(dc).contains(&"member-dc-smb:BRN-SS->LON-DC".to_string()),
        "{dc}"
    );
    assert!(
        flows(dc).iter().all(|f| f.ends_with("BRN-SS->LON-DC")),
        "{dc}"
    );
    let missing = of(&findings, "missing-rule", owner);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("`c05`"));
    let sql = saying(
        &of(&findings, "firewall-passes-clear", owner),
        "the request (tcp) in the clear",
    );
    assert_eq!(flows(sql), ["s2s-proxymp-sql:BRN-SS->LON-SS"]);
    let extra = of(&findings, "extra-rule", owner);
    assert_eq!(extra.len(), 1, "{extra:#?}");
    assert!(
        extra[0]["message"]
            .as_str()
            .unwrap()
            .contains("dport 1433 accept")
            && extra[0]["message"]
                .as_str()
                .unwrap()
                .contains("s2s-proxymp-sql"),
        "{extra:#?}"
    );
    assert!(extra[0]["line"].as_u64().is_some());
    // The other gateway is untouched.
    assert!(
        drift_only(&findings).iter().all(|f| f["owner"] == owner),
        "{findings:#?}"
    );
}

#[test]
fn a_gateway_output_hook_that_drops_its_own_esp_cuts_its_tunnels() {
    let Some(NftLab { state, ns, _spaces }) = nft_lab("o") else {
        return;
    };
    let example = HIERARCHY;
    // A hardened output hook on BRN-GW: replies and IKE leave, NAT-T and ESP do not.
    let bern = &ns["BRN-GW"];
    nft_each(
        bern,
        &[
            "add chain inet cordon_gateway output { type filter hook output priority filter ; policy drop ; }",
            "add rule inet cordon_gateway output ct state established,related accept",
            "add rule inet cordon_gateway output udp dport 500 accept",
        ],
    );
    dump(bern, &state.path().join("BRN-GW.json"));
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1, "{findings:#?}");
    let blocked = of(&findings, "flow-now-blocked", "BRN-GW");
    for what in ["ESP", "NAT-T (UDP 4500)"] {
        let f = saying(
            &blocked,
            &format!(
                "{what} to the peer gateway LON-GW dropped by the drop policy of chain `inet cordon_gateway output`"
            ),
        );
        assert!(flows(f).len() > 40, "{f}");
        assert!(f["line"].as_u64().is_some(), "{f}");
    }
    assert!(
        blocked
            .iter()
            .all(|f| !f["message"].as_str().unwrap().contains("IKE (UDP 500) to")),
        "{blocked:#?}"
    );
    // Nothing else moved: what the gateway receives and forwards is as planned.
    assert!(
        drift_only(&findings).iter().all(|f| f["owner"] == "BRN-GW"
            && f["code"] == "flow-now-blocked"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("to the peer gateway")),
        "{findings:#?}"
    );
}

#[test]
fn a_firewall_that_also_translates_sources_is_held_by_its_filter_rules() {
    let Some(NftLab { state, ns, _spaces }) = nft_lab("t") else {
        return;
    };
    let example = HIERARCHY;
    // The edge firewall masquerades what leaves towards the Internet, as edges do.
    let edge = &ns["fw-edge"];
    nft_each(
        edge,
        &[
            "add table ip nat",
            "add chain ip nat postrouting { type nat hook postrouting priority srcnat ; policy accept ; }",
            "add rule ip nat postrouting oifname eth0 masquerade",
        ],
    );
    dump(edge, &state.path().join("fw-edge.json"));
    no_drift(example, state.path());
    // Destination NAT changes what the forward hook sees: a located error, not a guess.
    nft_each(
        edge,
        &[
            "add chain ip nat prerouting { type nat hook prerouting priority dstnat ; policy accept ; }",
            "add rule ip nat prerouting tcp dport 8080 dnat to 10.30.0.5:80",
        ],
    );
    dump(edge, &state.path().join("fw-edge.json"));
    let o = cordon(&["drift", example, "--state", state.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`dnat`") && err.contains("fw-edge.json"),
        "{err}"
    );
}

#[test]
fn a_netdev_table_is_reported_as_not_evaluated_rather_than_refused() {
    // An ingress filter on a device, with a layer-2 match cordon does not read.
    let Some(message) = fw_edge_note_after(
        "d",
        &[
            "add table netdev early",
            "add chain netdev early ingress { type filter hook ingress device lo priority 0 ; policy accept ; }",
            "add rule netdev early ingress ether saddr 00:11:22:33:44:55 drop",
        ],
    ) else {
        return;
    };
    assert!(
        message.contains("table `netdev early`")
            && message.contains("`ingress` on ingress")
            && message.contains("1 rule")
            && message.contains("not evaluated"),
        "{message}"
    );
}

#[test]
fn an_inet_ingress_chain_is_reported_as_not_evaluated_rather_than_refused() {
    // The ingress hook of an inet table (Linux 5.10): one device's packets before
    // routing, with a device name and a layer-2 match cordon does not read.
    let Some(message) = fw_edge_note_after(
        "i",
        &[
            "add table inet early",
            "add chain inet early ing { type filter hook ingress device lo priority 0 ; policy accept ; }",
            "add rule inet early ing iifname lo ether saddr 00:11:22:33:44:55 drop",
            "add rule inet early ing ip saddr 10.9.9.9 drop",
        ],
    ) else {
        return;
    };
    assert!(
        message.contains("the ingress chains of table `inet early`")
            && message.contains("`ing` on ingress")
            && message.contains("2 rules")
            && message.contains("are not evaluated"),
        "{message}"
    );
}

/// Drift of a state folder that holds none (exit 0); its notes.
fn no_drift(example: &str, state: &Path) -> Vec<Value> {
    let (code, findings) = drift(example, state);
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    findings
}

/// The hierarchy's rulesets in namespaces, `commands` run on fw-edge's: no drift (exit
/// 0), and exactly one `state-read` note about fw-edge, with a line; its message.
/// `None` where the nft lab cannot run (outside CI).
fn fw_edge_note_after(tag: &str, commands: &[&str]) -> Option<String> {
    let NftLab { state, ns, _spaces } = nft_lab(tag)?;
    let edge = &ns["fw-edge"];
    nft_each(edge, commands);
    dump(edge, &state.path().join("fw-edge.json"));
    let findings = no_drift(HIERARCHY, state.path());
    let notes: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "state-read" && f["owner"] == "fw-edge")
        .collect();
    assert_eq!(notes.len(), 1, "{findings:#?}");
    assert!(notes[0]["line"].as_u64().is_some(), "{:#?}", notes[0]);
    Some(notes[0]["message"].as_str().unwrap().to_string())
}

fn lab_ready() -> bool {
    have_strongswan() && can_unshare_net()
}

/// Collects the hosts' state with charon and the kernel (the host lab's namespaces).
fn linux_state(example: &str, hosts: &[&str], state: &Path, options: HostLabOptions<'_>) {
    let p = plan(example);
    let options = HostLabOptions {
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        collect_state: Some(state.to_path_buf()),
        ..options
    };
    run_host_lab(
        &p.topology,
        &p.traffic,
        &p.policy,
        Path::new(env!("CARGO_BIN_EXE_cordon")),
        &options,
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

fn uninstall_rule_4(host: &str) -> Vec<Vec<String>> {
    if host != "NYC-MP" {
        return Vec::new();
    }
    vec![
        [
            "swanctl",
            "--uninstall",
            "--child",
            "r04-require-out-tcp-135_445_5000-5100-NYC-SS-1",
        ]
        .map(str::to_string)
        .to_vec(),
    ]
}

fn tamper(host: &str, text: &str) -> String {
    if host != "NYC-SS" {
        return text.to_string();
    }
    // A proposal weakened, and a port changed in a require rule's selector.
    text.replace(
        "esp_proposals = aes256gcm16, aes128gcm16, 3des-sha1",
        "esp_proposals = aes128-sha1",
    )
    .replacen(
        "remote_ts = 10.20.1.11/32[tcp/135]",
        "remote_ts = 10.20.1.11/32[tcp/136]",
        1,
    )
}

#[test]
fn strongswan_and_kernel_mutations_are_reported_as_the_flows_they_change() {
    if !lab_ready() {
        return;
    }
    let example = "examples/hierarchy.toml";
    let hosts = ["NYC-MP", "NYC-SS", "DC01"];
    let clean = tempfile::tempdir().unwrap();
    linux_state(example, &hosts, clean.path(), HostLabOptions::default());
    let (code, findings) = drift(example, clean.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    let state = tempfile::tempdir().unwrap();
    linux_state(
        example,
        &hosts,
        state.path(),
        HostLabOptions {
            edit: Some(&tamper),
            after_load: Some(&uninstall_rule_4),
            ..HostLabOptions::default()
        },
    );
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1);
    // The child unloaded on NYC-MP: its flows to NYC-SS on 135 leave in the clear.
    let clear = of(&findings, "flow-now-clear", "NYC-MP");
    assert!(
        clear
            .iter()
            .any(|f| flows(f).iter().any(|id| id.contains("NYC-MP->NYC-SS"))),
        "{findings:#?}"
    );
    // The kernel lacks the rule's policies for port 135 (xfrm::compare names the rule;
    // where another rule's policy overlaps the gap it reads as changed, else missing).
    let rule_4 = findings.iter().any(|f| {
        f["owner"] == "NYC-MP"
            && (f["code"] == "missing-rule" || f["code"] == "changed-rule")
            && f["message"]
                .as_str()
                .unwrap()
                .contains("require-out-tcp-135_445_5000-5100")
    });
    assert!(rule_4, "{findings:#?}");
    // The weakened proposal on NYC-SS, with the file's line.
    let weakened = of(&findings, "negotiation-changed", "NYC-SS");
    let w = weakened
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("weakened: adds aes128-sha1")
        })
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        w["file"].as_str().unwrap().ends_with("NYC-SS.swanctl.conf"),
        "{w}"
    );
    assert!(w["line"].as_u64().unwrap() > 1);
    // The selector moved on NYC-SS: the conf says so, and the kernel lets the flow to
    // NYC-MP on 135 go in the clear.
    let moved = of(&findings, "changed-rule", "NYC-SS");
    assert!(
        moved
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("[tcp/136]")),
        "{findings:#?}"
    );
    let clear = of(&findings, "flow-now-clear", "NYC-SS");
    assert!(
        clear
            .iter()
            .any(|f| flows(f).iter().any(|id| id.contains("NYC-SS->NYC-MP"))),
        "{findings:#?}"
    );
    // DC01 was left alone.
    assert!(
        drift_only(&findings).iter().all(|f| f["owner"] != "DC01"),
        "{findings:#?}"
    );
}

// ---------------------------------------------------------------- Windows exports

/// The export that `export-state.ps1` would write on a computer holding exactly what a GPO
/// script creates: every call of the script read back (tree-sitter), as Windows stores
/// the objects.
fn export_from_script(script: &str, computer: &str) -> Value {
    let (error, commands) = parse(script);
    assert!(!error);
    let p = |c: &crate::powershell::Command, k: &str| c.params.get(&format!("-{k}")).cloned();
    let one = |c: &crate::powershell::Command, k: &str, default: &str| {
        p(c, k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_else(|| default.to_string())
    };
    let list = |c: &crate::powershell::Command, k: &str| match p(c, k) {
        Some(v) if !v.is_empty() => json!(v),
        _ => json!("Any"),
    };
    let mut proposals: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let (mut auth, mut mm, mut qm, mut rules) = (vec![], vec![], vec![], vec![]);
    let mut nat = "None".to_string();
    for c in &commands {
        match c.name.as_str() {
            "New-NetIPsecAuthProposal"
            | "New-NetIPsecMainModeCryptoProposal"
            | "New-NetIPsecQuickModeCryptoProposal" => {
                let record: serde_json::Map<String, Value> = c
                    .params
                    .iter()
                    .map(|(k, v)| {
                        let value = v.first().cloned().unwrap_or_else(|| "True".into());
                        (k.trim_start_matches('-').to_string(), json!(value))
                    })
                    .collect();
                let var = c.assigned_to.clone().unwrap_or_default();
                proposals.entry(var).or_default().push(Value::Object(record));
            }
            "New-NetIPsecPhase1AuthSet" | "New-NetIPsecMainModeCryptoSet" | "New-NetIPsecQuickModeCryptoSet" => {
                let var = one(c, "Proposal", "");
                let set = json!({"set": {"Name": one(c, "Name", "")}, "proposals": proposals.get(&var).cloned().unwrap_or_default()});
                match c.name.as_str() {
                    "New-NetIPsecPhase1AuthSet" => auth.push(set),
                    "New-NetIPsecMainModeCryptoSet" => mm.push(set),
                    _ => qm.push(set),
                }
            }
            "Set-NetFirewallSetting" => nat = one(c, "AllowIPsecThroughNAT", "None"),
            "New-NetIPsecRule" => rules.push(json!({
                "rule": {
                    "Name": one(c, "IPsecRuleName", ""),
                    "DisplayName": one(c, "DisplayName", ""),
                    "Enabled": "True",
                    "Mode": one(c, "Mode", "None"),
                    "InboundSecurity": one(c, "InboundSecurity", "None"),
                    "OutboundSecurity": one(c, "OutboundSecurity", "None"),
                    "Phase1AuthSet": one(c, "Phase1AuthSet", ""),
                    "QuickModeCryptoSet": one(c, "QuickModeCryptoSet", ""),
                    "KeyModule": one(c, "KeyModule", "Default"),
                },
                "address_filter": {"LocalAddress": list(c, "LocalAddress"), "RemoteAddress": list(c, "RemoteAddress")},
                "port_filter": {"Protocol": one(c, "Protocol", "Any"), "LocalPort": list(c, "LocalPort"), "RemotePort": list(c, "RemotePort")},
            })),
            _ => {}
        }
    }
    json!({
        "schema": "cordon.windows-state/1",
        "computer": computer,
        "policy_store": "ActiveStore",
        "ipsec_rules": rules,
        "phase1_auth_sets": auth,
        "main_mode_crypto_sets": mm,
        "quick_mode_crypto_sets": qm,
        "firewall_setting": {"AllowIPsecThroughNAT": nat},
    })
}

/// An export per Windows host of the example, from the GPO script that applies to it.
fn windows_state(example: &str, state: &Path) -> BTreeMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    emit_into(example, "powershell", dir.path());
    let gpos: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("powershell/gpos.json")).unwrap(),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for gpo in gpos.as_array().unwrap() {
        let script =
            std::fs::read_to_string(dir.path().join(gpo["script"].as_str().unwrap())).unwrap();
        for member in gpo["members"].as_array().unwrap() {
            let host = member.as_str().unwrap();
            let export = export_from_script(&script, host);
            std::fs::write(
                state.join(format!("{host}.json")),
                serde_json::to_string_pretty(&export).unwrap(),
            )
            .unwrap();
            out.insert(host.to_string(), export);
        }
    }
    out
}

#[test]
fn windows_exports_from_the_emitted_scripts_show_no_drift_and_mutations_show() {
    let example = "examples/hierarchy.toml";
    let state = tempfile::tempdir().unwrap();
    let exports = windows_state(example, state.path());
    assert!(exports.len() >= 5, "{:?}", exports.keys());
    let (code, findings) = drift(example, state.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);

    let mut export = exports["NYC-MP"].clone();
    let rules = export["ipsec_rules"].as_array_mut().unwrap();
    // An administrator deletes the require rule towards SQL...
    rules.retain(|r| {
        !r["rule"]["Name"]
            .as_str()
            .unwrap()
            .contains("r05-require-out-tcp-1433")
    });
    // ...turns an inbound require into request...
    let inbound = rules
        .iter_mut()
        .find(|r| {
            r["rule"]["Name"]
                .as_str()
                .unwrap()
                .contains("r06-require-in-tcp-80_443")
        })
        .unwrap();
    inbound["rule"]["InboundSecurity"] = json!("Request");
    // ...and adds a Do Not Secure rule for SMB to the site server.
    rules.push(json!({
        "rule": {"Name": "{1b2c3d4e-hand-made}", "DisplayName": "smb exemption", "Enabled": "True", "Mode": "None",
                 "InboundSecurity": "None", "OutboundSecurity": "None", "KeyModule": "Default"},
        "address_filter": {"LocalAddress": "10.20.1.11", "RemoteAddress": "10.20.1.10"},
        "port_filter": {"Protocol": "TCP", "LocalPort": "Any", "RemotePort": ["445"]},
    }));
    // The quick mode set loses AES-GCM.
    let qm = export["quick_mode_crypto_sets"].as_array_mut().unwrap();
    qm[0]["proposals"] = json!([{"Encapsulation": "ESP", "Encryption": "DES3", "ESPHash": "SHA1"}]);
    std::fs::write(
        state.path().join("NYC-MP.json"),
        serde_json::to_string_pretty(&export).unwrap(),
    )
    .unwrap();
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1);
    let host = "NYC-MP";
    let missing = of(&findings, "missing-rule", host);
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("r05-require-out-tcp-1433"),
        "{missing:#?}"
    );
    let clear = of(&findings, "flow-now-clear", host);
    let sql = clear
        .iter()
        .find(|f| flows(f).iter().any(|id| id.contains("->CEN-SQL")))
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        sql["message"]
            .as_str()
            .unwrap()
            .contains("no rule (Windows passes it)"),
        "{sql}"
    );
    // The hand-made exemption is as specific as cordon's require rule for SMB to the
    // site server: Windows documents no order between them, and drift says so, naming
    // both; the rule itself is extra, and the flows it now decides are named.
    let undecided = of(&findings, "flow-undecided", host);
    let smb = saying(&undecided, "hand-made");
    assert!(
        flows(smb).contains(&"ss-mp-smb:NYC-MP->NYC-SS".to_string()),
        "{smb}"
    );
    let extra = of(&findings, "extra-rule", host);
    assert!(
        extra[0]["message"].as_str().unwrap().contains("hand-made"),
        "{extra:#?}"
    );
    assert!(
        flows(extra[0]).contains(&"ss-mp-smb:NYC-MP->NYC-SS".to_string()),
        "{extra:#?}"
    );
    let request = of(&findings, "flow-now-request", host);
    assert!(!request.is_empty(), "{findings:#?}");
    assert!(!of(&findings, "changed-rule", host).is_empty());
    let negotiation = of(&findings, "negotiation-changed", host);
    assert!(
        negotiation
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("Encryption=DES3")),
        "{negotiation:#?}"
    );
}

#[test]
fn the_export_script_parses_and_only_reads() {
    let script = cordon::emit::netsecurity::EXPORT_SCRIPT;
    let (error, commands) = parse(script);
    assert!(!error);
    let names: Vec<&str> = commands.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"Get-NetIPsecRule"), "{names:?}");
    for n in names {
        assert!(
            n.starts_with("Get-Net")
                || ["ConvertTo-Json", "Set-StrictMode"].contains(&n)
                || n.starts_with('$'),
            "the export script calls {n}"
        );
    }
}

/// Both gateways of the example's first tunnel deployed by the gateway lab (the kernel's
/// IPsec, charon with kernel-netlink), their state written into `state`.
fn gateway_state(example: &str, state: &Path) {
    let o = cordon(&[
        "lab",
        example,
        "--gateway-stack",
        "xfrm",
        "--collect-state",
        state.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

/// An `ip xfrm policy` listing without the policies `drop` picks, and with `add` first.
fn edit_listing(text: &str, drop: impl Fn(&str) -> bool, add: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with([' ', '\t']) {
            if let Some(b) = blocks.last_mut() {
                b.push_str(line);
            }
        } else {
            blocks.push(line.to_string());
        }
    }
    let kept: String = blocks.into_iter().filter(|b| !drop(b)).collect();
    format!("{add}{kept}")
}

#[test]
fn gateway_kernel_policies_from_charon_are_held_against_the_tunnel_children() {
    if !lab_ready() {
        return;
    }
    let example = "examples/hierarchy.toml";
    let state = tempfile::tempdir().unwrap();
    gateway_state(example, state.path());
    let (code, findings) = drift(example, state.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    // charon installed an out, in and fwd policy per selector pair of every child.
    let listing = std::fs::read_to_string(state.path().join("LON-GW.xfrm")).unwrap();
    for dir in ["dir out", "dir in", "dir fwd"] {
        assert!(listing.contains(dir), "{listing}");
    }
    // c01's SMB selector gone from the kernel's out policies (LON-SS opens it), and a
    // pass policy above the tunnel's for SQL coming from the far site.
    let smb_out = |b: &str| {
        b.starts_with("src 10.30.0.10/32 dst 192.168.50.10/32 proto tcp dport 445 ")
            && b.contains("dir out")
    };
    assert!(listing.split("\nsrc ").any(|b| b.contains("dport 445 ")));
    let pass = "src 192.168.50.10/32 dst 10.30.0.10/32 proto tcp dport 1433 \n\tdir fwd priority 100 ptype main \n";
    let block = "src 10.30.0.5/32 dst 192.168.50.128/25 proto tcp sport 389 \n\tdir out action block priority 100 ptype main \n";
    std::fs::write(
        state.path().join("LON-GW.xfrm"),
        edit_listing(&listing, smb_out, &format!("{pass}{block}")),
    )
    .unwrap();
    let (code, findings) = drift(example, state.path());
    assert_eq!(code, 1);
    let owner = "LON-GW";
    let clear = of(&findings, "flow-now-clear", owner);
    let smb = saying(&clear, "leaving for the far site is not held to the tunnel");
    assert_eq!(flows(smb), ["s2s-smb:LON-SS->BRN-SS"]);
    assert!(
        smb["message"].as_str().unwrap().contains("no out policy"),
        "{smb}"
    );
    let sql = saying(
        &clear,
        "forwarded from the far site is not held to the tunnel",
    );
    assert_eq!(flows(sql), ["s2s-proxymp-sql:BRN-SS->LON-SS"]);
    assert!(sql["line"].as_u64() == Some(1), "{sql}");
    // The block drops the replies of the domain controller's LDAP to the branch.
    let blocked = of(&findings, "flow-now-blocked", owner);
    let ldap = saying(
        &blocked,
        "the reply (tcp) leaving for the far site is dropped",
    );
    assert!(
        flows(ldap).contains(&"member-dc-ldap-tcp:brn-clients->LON-DC".to_string()),
        "{ldap}"
    );
    let missing = of(&findings, "missing-rule", owner);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("child `c01`'s `out`")
    );
    let extra = of(&findings, "extra-rule", owner);
    assert_eq!(extra.len(), 1, "{extra:#?}");
    assert!(
        extra[0]["message"].as_str().unwrap().contains("and 1 more"),
        "{extra:#?}"
    );
    // The other gateway is untouched.
    assert!(
        drift_only(&findings).iter().all(|f| f["owner"] == owner),
        "{findings:#?}"
    );
}

#[test]
fn unchanged_deployments_on_every_target_show_no_drift() {
    if !(have("nft") && lab_ready()) {
        return;
    }
    for (i, example) in ["examples/scenario-1b.toml", "examples/hierarchy.toml"]
        .into_iter()
        .enumerate()
    {
        let state = tempfile::tempdir().unwrap();
        let (_spaces, _) = nft_state(example, state.path(), &format!("u{i}"));
        windows_state(example, state.path());
        linux_state(example, &[], state.path(), HostLabOptions::default());
        // The gateways' state as the gateway lab deploys it: charon's policies in the
        // kernel, the ruleset, the swanctl.conf it loaded.
        let dir = tempfile::tempdir().unwrap();
        emit_into(example, "swanctl", dir.path());
        if dir.path().join("gateways").is_dir() {
            gateway_state(example, state.path());
        }
        let (code, findings) = drift(example, state.path());
        // The IPv6 half of an any-to-subnet rule included: charon installs it now that it
        // has a connection of its own family (`%any6`).
        assert!(drift_only(&findings).is_empty(), "{example}: {findings:#?}");
        assert_eq!(code, 0);
        // Every kind of state was read: nothing is unknown, and the hosts, firewalls and
        // gateways all had state.
        assert!(
            findings.iter().all(|f| f["code"] != "no-state"),
            "{findings:#?}"
        );
    }
}

/// A host's kernel policies exactly as planned, as `ip xfrm policy` prints them.
fn planned_listing(example: &str, host: &str) -> String {
    let p = plan(example);
    let id = p
        .topology
        .hosts
        .iter()
        .position(|h| h.name == host)
        .unwrap();
    let owner = cordon::traffic::Endpoint::Host(cordon::topology::HostId(id as u32));
    let set = p.policy.rules_of(owner).unwrap();
    let policies: Vec<_> = cordon::platform::xfrm::planned(set)
        .into_iter()
        .map(|(_, policy)| policy)
        .collect();
    cordon::platform::xfrm::write_text(&policies)
}

/// A state folder holding these files.
fn state_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn state_as_planned_is_settled_whatever_its_header_and_any_change_is_still_found() {
    let example = "examples/hierarchy.toml";
    let emitted = tempfile::tempdir().unwrap();
    emit_into(example, "swanctl", emitted.path());
    let conf = std::fs::read_to_string(emitted.path().join("swanctl/NYC-MP/swanctl.conf")).unwrap();
    // `cordon emit` run on a copy of the topology under another name: only the header,
    // which names the file, differs.
    let renamed = conf.replacen("(examples/hierarchy.toml)", "(site-copy.toml)", 1);
    assert!(renamed != conf, "the header names the file");
    let listing = planned_listing(example, "NYC-MP");
    let same = state_of(&[("NYC-MP.xfrm", &listing), ("NYC-MP.swanctl.conf", &renamed)]);
    let (code, findings) = drift(example, same.path());
    assert!(drift_only(&findings).is_empty(), "{findings:#?}");
    assert_eq!(code, 0);
    // One policy's priority moved, one proposal weakened: each file has its findings.
    let at = listing.find("priority ").unwrap() + "priority ".len();
    let end = at + listing[at..].find(' ').unwrap();
    let moved = format!("{}4000{}", &listing[..at], &listing[end..]);
    let weakened = renamed.replacen("esp_proposals = ", "esp_proposals = 3des-md5, ", 1);
    let changed = state_of(&[("NYC-MP.xfrm", &moved), ("NYC-MP.swanctl.conf", &weakened)]);
    let (code, findings) = drift(example, changed.path());
    assert_eq!(code, 1);
    for file in ["NYC-MP.xfrm", "NYC-MP.swanctl.conf"] {
        assert!(
            drift_only(&findings)
                .iter()
                .any(|f| f["owner"] == "NYC-MP" && f["file"].as_str().unwrap().ends_with(file)),
            "{file}: {findings:#?}"
        );
    }
    // Two listings for one host, each as planned: still the error it always was.
    let twice = state_of(&[("NYC-MP.xfrm", &listing), ("NYC-MP.old.xfrm", &listing)]);
    let o = cordon(&["drift", example, "--state", twice.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a second kernel policy listing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_state_is_a_located_error_with_exit_2() {
    let example = "examples/hierarchy.toml";
    for (name, text, expect) in [
        (
            "fw-edge.json",
            "{\"nftables\": [{\"rule\": {\"family\": \"inet\"",
            "fw-edge.json:1:",
        ),
        (
            "NYC-MP.xfrm",
            "src 10.0.0.1/32 dst 10.0.0.2/32 proto tcp dport 99999\n\tdir out priority 1 ptype main\n",
            "not a number up to 65535",
        ),
        (
            "NYC-MP.swanctl.conf",
            "connections {\n  a {\n",
            "never closed",
        ),
        (
            "NYC-MP.json",
            "{\"schema\": \"cordon.windows-state/1\", \"ipsec_rules\": [{\"rule\": {\"Name\": \"x\", \"Enabled\": \"True\", \"InboundSecurity\": \"Always\", \"OutboundSecurity\": \"None\"}, \"address_filter\": {}, \"port_filter\": {}}]}",
            "InboundSecurity `Always`",
        ),
        ("NYC-MP.txt", "hello\n", "cannot tell which platform"),
        (
            "fw-edge.json",
            "{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"accept\"}}, {\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"eth0\"}}, {\"accept\": null}]}}]}",
            "meta iifname",
        ),
    ] {
        let state = tempfile::tempdir().unwrap();
        std::fs::write(state.path().join(name), text).unwrap();
        let o = cordon(&["drift", example, "--state", state.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(expect), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Every bad file at once, in the folder's name order whoever owns it: a file that
    // is not text (no place to point at) among files that do not parse, and a file of
    // nobody's that does not parse either.
    let state = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("GHOST.xfrm", &b"src nowhere\n"[..]),
        ("LON-DC.xfrm", &b"\xff\xfe\x00"[..]),
        ("NYC-MP.xfrm", &b"src 10.0.0.1/32 dst 10.0.0.2/32 proto tcp dport 99999\n\tdir out priority 1 ptype main\n"[..]),
        ("fw-edge.json", &b"{\"nftables\": ["[..]),
    ] {
        std::fs::write(state.path().join(name), bytes).unwrap();
    }
    let o = cordon(&["drift", example, "--state", state.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    let at = |name: &str| err.find(name).unwrap_or_else(|| panic!("{name}: {err}"));
    assert!(
        at("GHOST.xfrm") < at("LON-DC.xfrm")
            && at("LON-DC.xfrm") < at("NYC-MP.xfrm")
            && at("NYC-MP.xfrm") < at("fw-edge.json"),
        "{err}"
    );
    assert!(err.contains("UTF-16"), "{err}");
    // A file named after nobody is drift, not an error.
    let state = tempfile::tempdir().unwrap();
    std::fs::write(
        state.path().join("GHOST.xfrm"),
        "src 10.0.0.1/32 dst 10.0.0.2/32 \n\tdir out priority 1 ptype main \n",
    )
    .unwrap();
    let o = cordon(&["drift", example, "--state", state.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("unknown-state"), "{}", stdout(&o));
}

#[test]
fn sarif_names_every_drift_code_and_points_into_the_state() {
    let example = "examples/hierarchy.toml";
    let state = tempfile::tempdir().unwrap();
    let exports = windows_state(example, state.path());
    let mut export = exports["NYC-MP"].clone();
    export["ipsec_rules"].as_array_mut().unwrap().remove(0);
    std::fs::write(
        state.path().join("NYC-MP.json"),
        serde_json::to_string(&export).unwrap(),
    )
    .unwrap();
    let sarif = || {
        cordon(&[
            "drift",
            example,
            "--state",
            state.path().to_str().unwrap(),
            "--format",
            "sarif",
        ])
    };
    let o = sarif();
    assert_eq!(o.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), cordon::drift::Code::ALL.len());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-rule")
        .unwrap();
    let uri = missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("NYC-MP.json"), "{uri}");
    // The same folder, the same bytes.
    assert_eq!(o.stdout, sarif().stdout);
}

#[test]
fn every_drift_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/drift.md")).unwrap();
    for c in cordon::drift::Code::ALL {
        assert!(
            doc.contains(&format!("`{}`", c.name())),
            "docs/drift.md lacks {}",
            c.name()
        );
    }
}

#[test]
fn the_drift_fuzz_corpus_replays_without_panics() {
    let dir = root().join("fuzz/corpus-seed/drift");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            cordon::fuzz_drift_state(&bytes),
            "{}: a seed reads",
            e.path().display()
        );
        // Every prefix, and bytes flipped: errors or state, never a panic.
        for cut in (0..bytes.len()).step_by(5) {
            let _ = cordon::fuzz_drift_state(&bytes[..cut]);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5a;
            let _ = cordon::fuzz_drift_state(&flipped);
        }
        n += 1;
    }
    // A firewall's, a gateway's, a kernel's, a swanctl.conf and a Windows export.
    assert_eq!(n, 5);
}
