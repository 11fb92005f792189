# cordon: IPsec policy of CEN-SLP as the Group Policy object cordon-CEN-SLP
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 8 plan rules. Run with -PolicyStore DOMAIN\cordon-CEN-SLP; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-CEN-SLP' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-CEN-SLP'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-CEN-SLP')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-CEN-SLP')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-CEN-SLP')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-CEN-SLP')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-CEN-SLP')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-CEN-SLP')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-CEN-SLP-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-auth' -DisplayName 'cordon CEN-SLP: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-CEN-SLP-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-mm' -DisplayName 'cordon CEN-SLP: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-CEN-SLP-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-mm-rule' -DisplayName 'cordon CEN-SLP: main mode' -MainModeCryptoSet 'cordon-CEN-SLP-mm' -Phase1AuthSet 'cordon-CEN-SLP-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-CEN-SLP-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-qm' -DisplayName 'cordon CEN-SLP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# Encrypted flows of CEN-SLP cross NAT: Windows negotiates with peers behind NAT only when told to.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'allow IPsec through NAT')) { Set-NetFirewallSetting -GPOSession $Gpo -AllowIPsecThroughNAT Both }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-client-agent-in-tcp-80 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r01-permit-client-agent-in-tcp-80')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r01-permit-client-agent-in-tcp-80' -DisplayName 'cordon CEN-SLP: permit-client-agent-in-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.1.10', '10.30.0.5') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw01-permit-client-agent-in-tcp-80')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw01-permit-client-agent-in-tcp-80' -DisplayName 'cordon CEN-SLP: allow permit-client-agent-in-tcp-80' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.1.10', '10.30.0.5') -Protocol TCP -LocalPort @('80') | Out-Null }
# rule 2: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r02-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r02-permit-domain-controllers' -DisplayName 'cordon CEN-SLP: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.5') | Out-Null }
# rule 3: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r03-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r03-permit-icmp-v4' -DisplayName 'cordon CEN-SLP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw03-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw03-permit-icmp-v4' -DisplayName 'cordon CEN-SLP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.12') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 4: require-out-tcp-445 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r04-require-out-tcp-445')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r04-require-out-tcp-445' -DisplayName 'cordon CEN-SLP: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -RemotePort @('445') | Out-Null }
# rule 5: require-out-tcp-1433 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r05-require-out-tcp-1433')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r05-require-out-tcp-1433' -DisplayName 'cordon CEN-SLP: require-out-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.11') -Protocol TCP -RemotePort @('1433') | Out-Null }
# rule 6: require-in-tcp-80 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r06-require-in-tcp-80-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r06-require-in-tcp-80-p1' -DisplayName 'cordon CEN-SLP: require-in-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw06-require-in-tcp-80-p1')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw06-require-in-tcp-80-p1' -DisplayName 'cordon CEN-SLP: allow require-in-tcp-80' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.12') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r06-require-in-tcp-80-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r06-require-in-tcp-80-p2' -DisplayName 'cordon CEN-SLP: require-in-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw06-require-in-tcp-80-p2')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw06-require-in-tcp-80-p2' -DisplayName 'cordon CEN-SLP: allow require-in-tcp-80' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r06-require-in-tcp-80-p3')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r06-require-in-tcp-80-p3' -DisplayName 'cordon CEN-SLP: require-in-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -LocalPort @('80') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw06-require-in-tcp-80-p3')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw06-require-in-tcp-80-p3' -DisplayName 'cordon CEN-SLP: allow require-in-tcp-80' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.12') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -LocalPort @('80') | Out-Null }
# rule 7: require-in-tcp-135_445_5000-5100 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r07-require-in-tcp-135_445_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r07-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SLP: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000', '5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009', '5010', '5011', '5012', '5013', '5014', '5015', '5016', '5017', '5018', '5019', '5020', '5021', '5022', '5023', '5024', '5025', '5026', '5027', '5028', '5029', '5030', '5031', '5032', '5033', '5034', '5035', '5036', '5037', '5038', '5039', '5040', '5041', '5042', '5043', '5044', '5045', '5046', '5047', '5048', '5049', '5050', '5051', '5052', '5053', '5054', '5055', '5056', '5057', '5058', '5059', '5060', '5061', '5062', '5063', '5064', '5065', '5066', '5067', '5068', '5069', '5070', '5071', '5072', '5073', '5074', '5075', '5076', '5077', '5078', '5079', '5080', '5081', '5082', '5083', '5084', '5085', '5086', '5087', '5088', '5089', '5090', '5091', '5092', '5093', '5094', '5095', '5096', '5097', '5098', '5099', '5100') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw07-require-in-tcp-135_445_5000-5100')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw07-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SLP: allow require-in-tcp-135_445_5000-5100' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null }
# rule 8: require-in-udp-135 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SLP-r08-require-in-udp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r08-require-in-udp-135' -DisplayName 'cordon CEN-SLP: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SLP-fw08-require-in-udp-135')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw08-require-in-udp-135' -DisplayName 'cordon CEN-SLP: allow require-in-udp-135' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }
