@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of internet-clients for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-internet-clients" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-internet-clients-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-internet-clients-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-internet-clients-r03" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-internet-clients-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-internet-clients-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-internet-clients-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-internet-clients" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-internet-clients-permit" action=permit
netsh ipsec static add filteraction name="cordon-internet-clients-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-internet-clients-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controllers (0 flows)
netsh ipsec static add filterlist name="cordon-internet-clients-r01"
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=0.0.0.0 srcmask=5 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=8.0.0.0 srcmask=7 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.0.0.0 srcmask=13 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.8.0.0 srcmask=15 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.11.0.0 srcmask=16 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.12.0.0 srcmask=14 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.16.0.0 srcmask=12 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.32.0.0 srcmask=11 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.64.0.0 srcmask=10 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=10.128.0.0 srcmask=9 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=11.0.0.0 srcmask=8 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=12.0.0.0 srcmask=6 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=16.0.0.0 srcmask=4 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=32.0.0.0 srcmask=3 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=64.0.0.0 srcmask=2 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=128.0.0.0 srcmask=3 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=160.0.0.0 srcmask=5 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=168.0.0.0 srcmask=6 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.0.0.0 srcmask=12 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.0.0 srcmask=21 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.8.0 srcmask=23 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.11.0 srcmask=24 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.12.0 srcmask=22 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.16.0 srcmask=20 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.32.0 srcmask=19 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.64.0 srcmask=18 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.16.128.0 srcmask=17 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.17.0.0 srcmask=16 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.18.0.0 srcmask=15 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.20.0.0 srcmask=14 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.24.0.0 srcmask=13 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.32.0.0 srcmask=11 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.64.0.0 srcmask=10 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=172.128.0.0 srcmask=9 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=173.0.0.0 srcmask=8 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=174.0.0.0 srcmask=7 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=176.0.0.0 srcmask=4 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r01" srcaddr=192.0.0.0 srcmask=2 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-internet-clients-r01" policy="cordon-internet-clients" filterlist="cordon-internet-clients-r01" filteraction="cordon-internet-clients-permit" conntype=all activate=yes

rem rule 2: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-internet-clients-r02"
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=0.0.0.0 srcmask=5 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=8.0.0.0 srcmask=7 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.0.0.0 srcmask=13 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.8.0.0 srcmask=15 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.11.0.0 srcmask=16 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.12.0.0 srcmask=14 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.16.0.0 srcmask=12 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.32.0.0 srcmask=11 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.64.0.0 srcmask=10 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.128.0.0 srcmask=9 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=11.0.0.0 srcmask=8 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=12.0.0.0 srcmask=6 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=16.0.0.0 srcmask=4 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=32.0.0.0 srcmask=3 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=64.0.0.0 srcmask=2 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=128.0.0.0 srcmask=3 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=160.0.0.0 srcmask=5 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=168.0.0.0 srcmask=6 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.0.0.0 srcmask=12 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.0.0 srcmask=21 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.8.0 srcmask=23 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.11.0 srcmask=24 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.12.0 srcmask=22 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.16.0 srcmask=20 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.32.0 srcmask=19 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.64.0 srcmask=18 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.128.0 srcmask=17 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.17.0.0 srcmask=16 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.18.0.0 srcmask=15 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.20.0.0 srcmask=14 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.24.0.0 srcmask=13 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.32.0.0 srcmask=11 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.64.0.0 srcmask=10 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.128.0.0 srcmask=9 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=173.0.0.0 srcmask=8 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=174.0.0.0 srcmask=7 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=176.0.0.0 srcmask=4 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=192.0.0.0 srcmask=2 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=0.0.0.0 srcmask=5 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=8.0.0.0 srcmask=7 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.0.0.0 srcmask=13 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.8.0.0 srcmask=15 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.11.0.0 srcmask=16 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.12.0.0 srcmask=14 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.16.0.0 srcmask=12 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.32.0.0 srcmask=11 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.64.0.0 srcmask=10 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=10.128.0.0 srcmask=9 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=11.0.0.0 srcmask=8 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=12.0.0.0 srcmask=6 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=16.0.0.0 srcmask=4 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=32.0.0.0 srcmask=3 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=64.0.0.0 srcmask=2 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=128.0.0.0 srcmask=3 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=160.0.0.0 srcmask=5 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=168.0.0.0 srcmask=6 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.0.0.0 srcmask=12 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.0.0 srcmask=21 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.8.0 srcmask=23 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.11.0 srcmask=24 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.12.0 srcmask=22 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.16.0 srcmask=20 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.32.0 srcmask=19 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.64.0 srcmask=18 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.16.128.0 srcmask=17 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.17.0.0 srcmask=16 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.18.0.0 srcmask=15 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.20.0.0 srcmask=14 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.24.0.0 srcmask=13 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.32.0.0 srcmask=11 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.64.0.0 srcmask=10 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=172.128.0.0 srcmask=9 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=173.0.0.0 srcmask=8 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=174.0.0.0 srcmask=7 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=176.0.0.0 srcmask=4 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r02" srcaddr=192.0.0.0 srcmask=2 dstaddr=172.16.10.0 dstmask=24 protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-internet-clients-r02" policy="cordon-internet-clients" filterlist="cordon-internet-clients-r02" filteraction="cordon-internet-clients-permit" conntype=all activate=yes

rem rule 3: require-subnet-peers (5 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (5 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-internet-clients-r03"
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=0.0.0.0 srcmask=5 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=8.0.0.0 srcmask=7 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.0.0.0 srcmask=13 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.8.0.0 srcmask=15 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.11.0.0 srcmask=16 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.12.0.0 srcmask=14 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.16.0.0 srcmask=12 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.32.0.0 srcmask=11 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.64.0.0 srcmask=10 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=10.128.0.0 srcmask=9 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=11.0.0.0 srcmask=8 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=12.0.0.0 srcmask=6 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=16.0.0.0 srcmask=4 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=32.0.0.0 srcmask=3 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=64.0.0.0 srcmask=2 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=128.0.0.0 srcmask=3 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=160.0.0.0 srcmask=5 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=168.0.0.0 srcmask=6 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.0.0.0 srcmask=12 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.0.0 srcmask=21 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.8.0 srcmask=23 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.11.0 srcmask=24 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.12.0 srcmask=22 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.16.0 srcmask=20 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.32.0 srcmask=19 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.64.0 srcmask=18 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.16.128.0 srcmask=17 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.17.0.0 srcmask=16 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.18.0.0 srcmask=15 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.20.0.0 srcmask=14 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.24.0.0 srcmask=13 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.32.0.0 srcmask=11 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.64.0.0 srcmask=10 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=172.128.0.0 srcmask=9 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=173.0.0.0 srcmask=8 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=174.0.0.0 srcmask=7 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=176.0.0.0 srcmask=4 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-internet-clients-r03" srcaddr=192.0.0.0 srcmask=2 dstaddr=172.16.10.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-internet-clients-r03" policy="cordon-internet-clients" filterlist="cordon-internet-clients-r03" filteraction="cordon-internet-clients-require" conntype=all activate=yes rootca="O=Example Corp, CN=Configuration Manager IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal
