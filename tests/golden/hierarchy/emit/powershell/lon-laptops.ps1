# cordon: IPsec policy of lon-laptops as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 16 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
# Re-running converges: objects of group 'cordon' in this GPO are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon'
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO.
Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetFirewallRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'CN=Contoso ConfigMgr IPsec CA, O=Contoso' -AuthorityType Root)
    (New-NetIPsecAuthProposal -Machine -Kerberos)
)
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-auth' -DisplayName 'cordon lon-laptops: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-mm' -DisplayName 'cordon lon-laptops: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-mm-rule' -DisplayName 'cordon lon-laptops: main mode' -MainModeCryptoSet 'cordon-lon-laptops-mm' -Phase1AuthSet 'cordon-lon-laptops-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-qm' -DisplayName 'cordon lon-laptops: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-catalog-out-udp-67_69_4011 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r01-permit-catalog-out-udp-67_69_4011' -DisplayName 'cordon lon-laptops: permit-catalog-out-udp-67_69_4011' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.1.12') -Protocol UDP -RemotePort @('67', '69', '4011') | Out-Null
# rule 2: permit-catalog-out-udp-63000-64000 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r02-permit-catalog-out-udp-63000-64000' -DisplayName 'cordon lon-laptops: permit-catalog-out-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('63000-64000') | Out-Null
# rule 3: permit-catalog-in-udp-1-65535 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r03-permit-catalog-in-udp-1-65535' -DisplayName 'cordon lon-laptops: permit-catalog-in-udp-1-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.1.12') -Protocol UDP -LocalPort @('1-65535') | Out-Null
# rule 4: permit-catalog-in-udp-9 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r04-permit-catalog-in-udp-9' -DisplayName 'cordon lon-laptops: permit-catalog-in-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('9') | Out-Null
# rule 5: permit-domain-controller-out-tcp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r05-permit-domain-controller-out-tcp-53' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null
# rule 6: permit-domain-controller-out-tcp-88_3268 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r06-permit-domain-controller-out-tcp-88_3268' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-tcp-88_3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '3268') | Out-Null
# rule 7: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r07-permit-domain-controller-out-udp-53' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 8: permit-domain-controller-out-udp-88 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r08-permit-domain-controller-out-udp-88' -DisplayName 'cordon lon-laptops: permit-domain-controller-out-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88') | Out-Null
# rule 9: permit-icmp (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r09-permit-icmp-v4' -DisplayName 'cordon lon-laptops: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.128.0/18') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-lon-laptops-fw09-permit-icmp-v4' -DisplayName 'cordon lon-laptops: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.128.0/18') -Protocol ICMPv4 | Out-Null
# rule 10: require-out-tcp-80 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r10-require-out-tcp-80' -DisplayName 'cordon lon-laptops: require-out-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.0.12', '10.30.0.5', '10.30.0.21') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 11: require-out-tcp-443 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r11-require-out-tcp-443' -DisplayName 'cordon lon-laptops: require-out-tcp-443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.21') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 12: require-out-tcp-445 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r12-require-out-tcp-445' -DisplayName 'cordon lon-laptops: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.5', '10.30.0.10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 13: require-in-tcp-135 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r13-require-in-tcp-135' -DisplayName 'cordon lon-laptops: require-in-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50', '10.30.0.10') -Protocol TCP -LocalPort @('135') | Out-Null
# rule 14: require-in-tcp-445_5000-5100 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r14-require-in-tcp-445_5000-5100' -DisplayName 'cordon lon-laptops: require-in-tcp-445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('445', '5000-5100') | Out-Null
# rule 15: require-in-tcp-2701-2702_3389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r15-require-in-tcp-2701-2702_3389' -DisplayName 'cordon lon-laptops: require-in-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701-2702', '3389') | Out-Null
# rule 16: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-lon-laptops-r16-require-in-udp-135' -DisplayName 'cordon lon-laptops: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-lon-laptops-auth' -QuickModeCryptoSet 'cordon-lon-laptops-qm' -LocalAddress @('10.30.128.0/18') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo
