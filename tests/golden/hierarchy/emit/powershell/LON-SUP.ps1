# cordon: IPsec policy of LON-SUP as the Group Policy object cordon-LON-SUP
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 11 plan rules. Run with -PolicyStore DOMAIN\cordon-LON-SUP; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-LON-SUP' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-LON-SUP'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-LON-SUP')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-LON-SUP')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-LON-SUP')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-LON-SUP')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-LON-SUP')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-LON-SUP')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'O=Contoso, CN=Contoso ConfigMgr IPsec CA' -AuthorityType Root)
    (New-NetIPsecAuthProposal -Machine -Kerberos)
)
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-LON-SUP-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-auth' -DisplayName 'cordon LON-SUP: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-LON-SUP-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-mm' -DisplayName 'cordon LON-SUP: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-LON-SUP-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-mm-rule' -DisplayName 'cordon LON-SUP: main mode' -MainModeCryptoSet 'cordon-LON-SUP-mm' -Phase1AuthSet 'cordon-LON-SUP-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-LON-SUP-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-qm' -DisplayName 'cordon LON-SUP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-external-out-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r01-permit-external-out-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r01-permit-external-out-tcp-80_443' -DisplayName 'cordon LON-SUP: permit-external-out-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80', '443') | Out-Null }
# rule 2: permit-domain-controller-out-tcp-53 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r02-permit-domain-controller-out-tcp-53')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r02-permit-domain-controller-out-tcp-53' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null }
# rule 3: permit-domain-controller-out-tcp-88_135_389_445_464_5000-5100 (6 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r03-permit-domain-controller-out-tcp-88_135_389_445_464_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r03-permit-domain-controller-out-tcp-88_135_389_445_464_5000-5100' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-tcp-88_135_389_445_464_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '135', '389', '445', '464', '5000-5100') | Out-Null }
# rule 4: permit-domain-controller-out-udp-53 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r04-permit-domain-controller-out-udp-53')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r04-permit-domain-controller-out-udp-53' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null }
# rule 5: permit-domain-controller-out-udp-88_123_389_464 (4 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r05-permit-domain-controller-out-udp-88_123_389_464')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r05-permit-domain-controller-out-udp-88_123_389_464' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-udp-88_123_389_464' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88', '123', '389', '464') | Out-Null }
# rule 6: permit-client-agent-in-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r06-permit-client-agent-in-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r06-permit-client-agent-in-tcp-80_443' -DisplayName 'cordon LON-SUP: permit-client-agent-in-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw06-permit-client-agent-in-tcp-80_443')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw06-permit-client-agent-in-tcp-80_443' -DisplayName 'cordon LON-SUP: allow permit-client-agent-in-tcp-80_443' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
# rule 7: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r07-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r07-permit-icmp-v4' -DisplayName 'cordon LON-SUP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw07-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw07-permit-icmp-v4' -DisplayName 'cordon LON-SUP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.21') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 8: require-out-tcp-445 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r08-require-out-tcp-445')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r08-require-out-tcp-445' -DisplayName 'cordon LON-SUP: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -RemotePort @('445') | Out-Null }
# rule 9: require-in-tcp-80_443 (4 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r09-require-in-tcp-80_443-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r09-require-in-tcp-80_443-p1' -DisplayName 'cordon LON-SUP: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw09-require-in-tcp-80_443-p1')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw09-require-in-tcp-80_443-p1' -DisplayName 'cordon LON-SUP: allow require-in-tcp-80_443' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r09-require-in-tcp-80_443-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r09-require-in-tcp-80_443-p2' -DisplayName 'cordon LON-SUP: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw09-require-in-tcp-80_443-p2')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw09-require-in-tcp-80_443-p2' -DisplayName 'cordon LON-SUP: allow require-in-tcp-80_443' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
# rule 10: require-in-tcp-135_445_5000-5100 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r10-require-in-tcp-135_445_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r10-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon LON-SUP: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('135', '445', '5000', '5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009', '5010', '5011', '5012', '5013', '5014', '5015', '5016', '5017', '5018', '5019', '5020', '5021', '5022', '5023', '5024', '5025', '5026', '5027', '5028', '5029', '5030', '5031', '5032', '5033', '5034', '5035', '5036', '5037', '5038', '5039', '5040', '5041', '5042', '5043', '5044', '5045', '5046', '5047', '5048', '5049', '5050', '5051', '5052', '5053', '5054', '5055', '5056', '5057', '5058', '5059', '5060', '5061', '5062', '5063', '5064', '5065', '5066', '5067', '5068', '5069', '5070', '5071', '5072', '5073', '5074', '5075', '5076', '5077', '5078', '5079', '5080', '5081', '5082', '5083', '5084', '5085', '5086', '5087', '5088', '5089', '5090', '5091', '5092', '5093', '5094', '5095', '5096', '5097', '5098', '5099', '5100') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw10-require-in-tcp-135_445_5000-5100')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw10-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon LON-SUP: allow require-in-tcp-135_445_5000-5100' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null }
# rule 11: require-in-udp-135 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-LON-SUP-r11-require-in-udp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r11-require-in-udp-135' -DisplayName 'cordon LON-SUP: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-LON-SUP-fw11-require-in-udp-135')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw11-require-in-udp-135' -DisplayName 'cordon LON-SUP: allow require-in-udp-135' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }
