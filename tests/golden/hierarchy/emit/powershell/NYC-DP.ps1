# cordon: IPsec policy of NYC-DP as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 12 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-auth' -DisplayName 'cordon NYC-DP: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-mm' -DisplayName 'cordon NYC-DP: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-mm-rule' -DisplayName 'cordon NYC-DP: main mode' -MainModeCryptoSet 'cordon-NYC-DP-mm' -Phase1AuthSet 'cordon-NYC-DP-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-qm' -DisplayName 'cordon NYC-DP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-catalog-out-udp-1-65535 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r01-permit-catalog-out-udp-1-65535' -DisplayName 'cordon NYC-DP: permit-catalog-out-udp-1-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.64.0/20', '10.30.128.0/18', '192.168.50.128/25') -Protocol UDP -RemotePort @('1-65535') | Out-Null
# rule 2: permit-catalog-in-udp-67_69_4011 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r02-permit-catalog-in-udp-67_69_4011' -DisplayName 'cordon NYC-DP: permit-catalog-in-udp-67_69_4011' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.64.0/20', '10.30.128.0/18', '192.168.50.128/25') -Protocol UDP -LocalPort @('67', '69', '4011') | Out-Null
# rule 3: permit-catalog-in-udp-63000-64000 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r03-permit-catalog-in-udp-63000-64000' -DisplayName 'cordon NYC-DP: permit-catalog-in-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.64.0/20') -Protocol UDP -LocalPort @('63000-64000') | Out-Null
# rule 4: permit-domain-controller-out-tcp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r04-permit-domain-controller-out-tcp-53_88' -DisplayName 'cordon NYC-DP: permit-domain-controller-out-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88') | Out-Null
# rule 5: permit-domain-controller-out-udp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r05-permit-domain-controller-out-udp-53_88' -DisplayName 'cordon NYC-DP: permit-domain-controller-out-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88') | Out-Null
# rule 6: permit-client-agent-in-tcp-443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r06-permit-client-agent-in-tcp-443' -DisplayName 'cordon NYC-DP: permit-client-agent-in-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10') -Protocol TCP -LocalPort @('443') | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-fw06-permit-client-agent-in-tcp-443' -DisplayName 'cordon NYC-DP: allow permit-client-agent-in-tcp-443' -Direction Inbound -Action Allow -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10') -Protocol TCP -LocalPort @('443') | Out-Null
# rule 7: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r07-permit-icmp-v4' -DisplayName 'cordon NYC-DP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.12') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-DP-fw07-permit-icmp-v4' -DisplayName 'cordon NYC-DP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.1.12') -Protocol ICMPv4 | Out-Null
# rule 8: require-out-tcp-445_1433 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r08-require-out-tcp-445_1433' -DisplayName 'cordon NYC-DP: require-out-tcp-445_1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-DP-auth' -QuickModeCryptoSet 'cordon-NYC-DP-qm' -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10') -Protocol TCP -RemotePort @('445', '1433') | Out-Null
# rule 9: require-in-tcp-135_5000-5100 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r09-require-in-tcp-135_5000-5100' -DisplayName 'cordon NYC-DP: require-in-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-DP-auth' -QuickModeCryptoSet 'cordon-NYC-DP-qm' -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 10: require-in-tcp-443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r10-require-in-tcp-443' -DisplayName 'cordon NYC-DP: require-in-tcp-443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-DP-auth' -QuickModeCryptoSet 'cordon-NYC-DP-qm' -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -LocalPort @('443') | Out-Null
# rule 11: require-in-tcp-445 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r11-require-in-tcp-445' -DisplayName 'cordon NYC-DP: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-DP-auth' -QuickModeCryptoSet 'cordon-NYC-DP-qm' -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10', '10.20.64.0/20') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 12: require-in-udp-135 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-DP-r12-require-in-udp-135' -DisplayName 'cordon NYC-DP: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-DP-auth' -QuickModeCryptoSet 'cordon-NYC-DP-qm' -LocalAddress @('10.20.1.12') -RemoteAddress @('10.20.1.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo
