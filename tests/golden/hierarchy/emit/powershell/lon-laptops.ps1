# cordon: IPsec policy of lon-laptops as the Group Policy object cordon-lon-laptops
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 16 plan rules. Run with -PolicyStore DOMAIN\cordon-lon-laptops; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-lon-laptops' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-lon-laptops'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-lon-laptops')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-lon-laptops')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-lon-laptops')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-lon-laptops')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-lon-laptops')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-lon-laptops')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-lon-laptops-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-auth' -DisplayName 'cordon lon-laptops: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-lon-laptops-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-mm' -DisplayName 'cordon lon-laptops: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-lon-laptops-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-mm-rule' -DisplayName 'cordon lon-laptops: main mode' -MainModeCryptoSet 'cordon-lon-laptops-mm' -Phase1AuthSet 'cordon-lon-laptops-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-lon-laptops-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-qm' -DisplayName 'cordon lon-laptops: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-catalog-out-udp-67_69_4011 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r01-permit-catalog-out-udp-67_69_4011')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r01-permit-catalog-out-udp-67_69_4011' -DisplayName 'cordon lon-laptops: permit-catalog-out-udp-67_69_4011' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.1.12') -Protocol UDP -RemotePort @('67', '69', '4011') | Out-Null }
# rule 2: permit-catalog-out-udp-63000-64000 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r02-permit-catalog-out-udp-63000-64000')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r02-permit-catalog-out-udp-63000-64000' -DisplayName 'cordon lon-laptops: permit-catalog-out-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('63000-64000') | Out-Null }
# rule 3: permit-catalog-in-udp-1-65535 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r03-permit-catalog-in-udp-1-65535')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r03-permit-catalog-in-udp-1-65535' -DisplayName 'cordon lon-laptops: permit-catalog-in-udp-1-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.1.12') -Protocol UDP -LocalPort @('1-65535') | Out-Null }
# rule 4: permit-catalog-in-udp-9 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r04-permit-catalog-in-udp-9')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r04-permit-catalog-in-udp-9' -DisplayName 'cordon lon-laptops: permit-catalog-in-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('9') | Out-Null }
# rule 5: permit-domain-controller-out-tcp-53 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r05-permit-domain-controller-out-tcp-53')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r05-permit-domain-controller-out-tcp-53' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null }
# rule 6: permit-domain-controller-out-tcp-88_135_389_464_3268_5000-5100 (6 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r06-permit-domain-controller-out-tcp-88_135_389_464_3268_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r06-permit-domain-controller-out-tcp-88_135_389_464_3268_5000-5100' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-tcp-88_135_389_464_3268_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '135', '389', '464', '3268', '5000-5100') | Out-Null }
# rule 7: permit-domain-controller-out-udp-53 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r07-permit-domain-controller-out-udp-53')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r07-permit-domain-controller-out-udp-53' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null }
# rule 8: permit-domain-controller-out-udp-88_123_389_464 (4 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r08-permit-domain-controller-out-udp-88_123_389_464')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r08-permit-domain-controller-out-udp-88_123_389_464' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-udp-88_123_389_464' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88', '123', '389', '464') | Out-Null }
# rule 9: permit-icmp (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r09-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r09-permit-icmp-v4' -DisplayName 'cordon lon-laptops: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-lon-laptops-fw09-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw09-permit-icmp-v4' -DisplayName 'cordon lon-laptops: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.128.0/18') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 10: require-out-tcp-80 (6 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r10-require-out-tcp-80')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r10-require-out-tcp-80' -DisplayName 'cordon lon-laptops: require-out-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.12', '10.30.0.5', '10.30.0.21') -Protocol TCP -RemotePort @('80') | Out-Null }
# rule 11: require-out-tcp-443 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r11-require-out-tcp-443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r11-require-out-tcp-443' -DisplayName 'cordon lon-laptops: require-out-tcp-443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.21') -Protocol TCP -RemotePort @('443') | Out-Null }
# rule 12: require-out-tcp-445 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r12-require-out-tcp-445')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r12-require-out-tcp-445' -DisplayName 'cordon lon-laptops: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5', '10.30.0.10') -Protocol TCP -RemotePort @('445') | Out-Null }
# rule 13: require-in-tcp-135 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r13-require-in-tcp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r13-require-in-tcp-135' -DisplayName 'cordon lon-laptops: require-in-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50', '10.30.0.10') -Protocol TCP -LocalPort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-lon-laptops-fw13-require-in-tcp-135')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw13-require-in-tcp-135' -DisplayName 'cordon lon-laptops: allow require-in-tcp-135' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50', '10.30.0.10') -Protocol TCP -LocalPort @('135') | Out-Null }
# rule 14: require-in-tcp-445_5000-5100 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r14-require-in-tcp-445_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r14-require-in-tcp-445_5000-5100' -DisplayName 'cordon lon-laptops: require-in-tcp-445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('445', '5000', '5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009', '5010', '5011', '5012', '5013', '5014', '5015', '5016', '5017', '5018', '5019', '5020', '5021', '5022', '5023', '5024', '5025', '5026', '5027', '5028', '5029', '5030', '5031', '5032', '5033', '5034', '5035', '5036', '5037', '5038', '5039', '5040', '5041', '5042', '5043', '5044', '5045', '5046', '5047', '5048', '5049', '5050', '5051', '5052', '5053', '5054', '5055', '5056', '5057', '5058', '5059', '5060', '5061', '5062', '5063', '5064', '5065', '5066', '5067', '5068', '5069', '5070', '5071', '5072', '5073', '5074', '5075', '5076', '5077', '5078', '5079', '5080', '5081', '5082', '5083', '5084', '5085', '5086', '5087', '5088', '5089', '5090', '5091', '5092', '5093', '5094', '5095', '5096', '5097', '5098', '5099', '5100') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-lon-laptops-fw14-require-in-tcp-445_5000-5100')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw14-require-in-tcp-445_5000-5100' -DisplayName 'cordon lon-laptops: allow require-in-tcp-445_5000-5100' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('445', '5000-5100') | Out-Null }
# rule 15: require-in-tcp-2701-2702_3389 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r15-require-in-tcp-2701-2702_3389')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r15-require-in-tcp-2701-2702_3389' -DisplayName 'cordon lon-laptops: require-in-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701', '2702', '3389') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-lon-laptops-fw15-require-in-tcp-2701-2702_3389')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw15-require-in-tcp-2701-2702_3389' -DisplayName 'cordon lon-laptops: allow require-in-tcp-2701-2702_3389' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701-2702', '3389') | Out-Null }
# rule 16: require-in-udp-135 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-lon-laptops-r16-require-in-udp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r16-require-in-udp-135' -DisplayName 'cordon lon-laptops: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-lon-laptops-fw16-require-in-udp-135')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw16-require-in-udp-135' -DisplayName 'cordon lon-laptops: allow require-in-udp-135' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }
