@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of IBMP01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-IBMP01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBMP01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBMP01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBMP01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBMP01-r04" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBMP01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBMP01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBMP01-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-IBMP01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-IBMP01-permit" action=permit
netsh ipsec static add filteraction name="cordon-IBMP01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-IBMP01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-client-agent-in-tcp-443 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-IBMP01-r01"
netsh ipsec static add filter filterlist="cordon-IBMP01-r01" srcaddr=172.16.10.10 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBMP01-r01" policy="cordon-IBMP01" filterlist="cordon-IBMP01-r01" filteraction="cordon-IBMP01-permit" conntype=all activate=yes

rem rule 2: permit-domain-controllers (17 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (17 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-IBMP01-r02"
netsh ipsec static add filter filterlist="cordon-IBMP01-r02" srcaddr=172.16.10.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBMP01-r02" policy="cordon-IBMP01" filterlist="cordon-IBMP01-r02" filteraction="cordon-IBMP01-permit" conntype=all activate=yes

rem rule 3: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-IBMP01-r03"
netsh ipsec static add filter filterlist="cordon-IBMP01-r03" srcaddr=172.16.10.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBMP01-r03" policy="cordon-IBMP01" filterlist="cordon-IBMP01-r03" filteraction="cordon-IBMP01-permit" conntype=all activate=yes

rem rule 4: require-any-to-subnet (9 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (9 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-IBMP01-r04"
netsh ipsec static add filter filterlist="cordon-IBMP01-r04" srcaddr=172.16.10.0 srcmask=24 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBMP01-r04" policy="cordon-IBMP01" filterlist="cordon-IBMP01-r04" filteraction="cordon-IBMP01-require" conntype=all activate=yes rootca="O=Example Corp, CN=Configuration Manager IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal
