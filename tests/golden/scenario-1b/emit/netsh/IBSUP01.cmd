@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of IBSUP01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-IBSUP01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBSUP01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBSUP01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBSUP01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-IBSUP01-r04" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBSUP01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBSUP01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-IBSUP01-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-IBSUP01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-IBSUP01-permit" action=permit
netsh ipsec static add filteraction name="cordon-IBSUP01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-IBSUP01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-external-out-tcp-80_443 (2 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (2 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-IBSUP01-r01"
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=0.0.0.0 dstmask=5 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=0.0.0.0 dstmask=5 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=8.0.0.0 dstmask=7 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=8.0.0.0 dstmask=7 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.0.0.0 dstmask=13 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.0.0.0 dstmask=13 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.8.0.0 dstmask=15 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.8.0.0 dstmask=15 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.11.0.0 dstmask=16 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.11.0.0 dstmask=16 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.12.0.0 dstmask=14 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.12.0.0 dstmask=14 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.16.0.0 dstmask=12 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.16.0.0 dstmask=12 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.32.0.0 dstmask=11 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.32.0.0 dstmask=11 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.64.0.0 dstmask=10 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.64.0.0 dstmask=10 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.128.0.0 dstmask=9 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.128.0.0 dstmask=9 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=11.0.0.0 dstmask=8 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=11.0.0.0 dstmask=8 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=12.0.0.0 dstmask=6 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=12.0.0.0 dstmask=6 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=16.0.0.0 dstmask=4 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=16.0.0.0 dstmask=4 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=32.0.0.0 dstmask=3 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=32.0.0.0 dstmask=3 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=64.0.0.0 dstmask=2 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=64.0.0.0 dstmask=2 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=128.0.0.0 dstmask=3 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=128.0.0.0 dstmask=3 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=160.0.0.0 dstmask=5 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=160.0.0.0 dstmask=5 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=168.0.0.0 dstmask=6 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=168.0.0.0 dstmask=6 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.0.0.0 dstmask=12 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.0.0.0 dstmask=12 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.0.0 dstmask=21 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.0.0 dstmask=21 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.8.0 dstmask=23 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.8.0 dstmask=23 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.11.0 dstmask=24 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.11.0 dstmask=24 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.12.0 dstmask=22 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.12.0 dstmask=22 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.16.0 dstmask=20 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.16.0 dstmask=20 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.32.0 dstmask=19 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.32.0 dstmask=19 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.64.0 dstmask=18 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.64.0 dstmask=18 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.128.0 dstmask=17 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.16.128.0 dstmask=17 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.17.0.0 dstmask=16 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.17.0.0 dstmask=16 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.18.0.0 dstmask=15 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.18.0.0 dstmask=15 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.20.0.0 dstmask=14 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.20.0.0 dstmask=14 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.24.0.0 dstmask=13 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.24.0.0 dstmask=13 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.32.0.0 dstmask=11 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.32.0.0 dstmask=11 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.64.0.0 dstmask=10 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.64.0.0 dstmask=10 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.128.0.0 dstmask=9 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=172.128.0.0 dstmask=9 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=173.0.0.0 dstmask=8 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=173.0.0.0 dstmask=8 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=174.0.0.0 dstmask=7 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=174.0.0.0 dstmask=7 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=176.0.0.0 dstmask=4 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=176.0.0.0 dstmask=4 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=192.0.0.0 dstmask=2 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-IBSUP01-r01" srcaddr=172.16.10.12 srcmask=32 dstaddr=192.0.0.0 dstmask=2 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-IBSUP01-r01" policy="cordon-IBSUP01" filterlist="cordon-IBSUP01-r01" filteraction="cordon-IBSUP01-permit" conntype=all activate=yes

rem rule 2: permit-domain-controllers (12 flows)
netsh ipsec static add filterlist name="cordon-IBSUP01-r02"
netsh ipsec static add filter filterlist="cordon-IBSUP01-r02" srcaddr=172.16.10.12 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBSUP01-r02" policy="cordon-IBSUP01" filterlist="cordon-IBSUP01-r02" filteraction="cordon-IBSUP01-permit" conntype=all activate=yes

rem rule 3: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-IBSUP01-r03"
netsh ipsec static add filter filterlist="cordon-IBSUP01-r03" srcaddr=172.16.10.12 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBSUP01-r03" policy="cordon-IBSUP01" filterlist="cordon-IBSUP01-r03" filteraction="cordon-IBSUP01-permit" conntype=all activate=yes

rem rule 4: require-any-to-subnet (11 flows)
netsh ipsec static add filterlist name="cordon-IBSUP01-r04"
netsh ipsec static add filter filterlist="cordon-IBSUP01-r04" srcaddr=172.16.10.0 srcmask=24 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-IBSUP01-r04" policy="cordon-IBSUP01" filterlist="cordon-IBSUP01-r04" filteraction="cordon-IBSUP01-require" conntype=all activate=yes rootca="O=Example Corp, CN=Configuration Manager IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal
