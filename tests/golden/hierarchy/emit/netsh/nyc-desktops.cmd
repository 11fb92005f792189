@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of nyc-desktops for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-nyc-desktops" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r15" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r16" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r17" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-nyc-desktops-r18" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-nyc-desktops-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-nyc-desktops-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-nyc-desktops-request" >nul 2>&1
netsh ipsec static add policy name="cordon-nyc-desktops" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-nyc-desktops-permit" action=permit
netsh ipsec static add filteraction name="cordon-nyc-desktops-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-nyc-desktops-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-out-of-band-out-tcp-9971 (1 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r01"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r01" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=9971 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r01" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r01" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 2: permit-out-of-band-in-tcp-16992-16993 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r02"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r02" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r02" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r02" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r02" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 3: permit-out-of-band-in-tcp-16994-16995 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r03"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r03" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r03" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r03" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 4: permit-out-of-band-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r04"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r04" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r04" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r04" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 5: permit-catalog-out-udp-67_69_4011_63000-64000 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r05"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r05" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r05" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r05" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 6: permit-catalog-in-udp-1-65535 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r06"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r06" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r06" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r06" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 7: permit-catalog-in-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r07"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r07" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=UDP srcport=9 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r07" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r07" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 8: permit-domain-controller-out-tcp-53_88_3268 (3 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r08"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r08" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r08" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r08" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3268 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r08" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r08" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 9: permit-domain-controller-out-udp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r09"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r09" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r09" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r09" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r09" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 10: permit-icmp (1 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r10"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r10" srcaddr=10.20.64.0 srcmask=20 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r10" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r10" filteraction="cordon-nyc-desktops-permit" conntype=all activate=yes

rem rule 11: require-out-tcp-80 (2 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r11"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r11" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r11" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r11" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r11" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-out-tcp-443 (3 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r12"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r12" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r12" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r12" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r12" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 13: require-out-tcp-445 (3 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r13"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r13" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r13" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r13" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r13" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 14: require-in-tcp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r14"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r14" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r14" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r14" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r14" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-in-tcp-445_5000-5100 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r15"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r15" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r15" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r15" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 16: require-in-tcp-2701-2702_3389 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-nyc-desktops-r16"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r16" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r16" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r16" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 17: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r17"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r17" srcaddr=10.20.64.0 srcmask=20 dstaddr=10.20.1.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r17" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r17" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 18: require-subnet-peers (2 flows)
netsh ipsec static add filterlist name="cordon-nyc-desktops-r18"
netsh ipsec static add filter filterlist="cordon-nyc-desktops-r18" srcaddr=10.20.64.0 srcmask=20 dstaddr=172.20.0.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-nyc-desktops-r18" policy="cordon-nyc-desktops" filterlist="cordon-nyc-desktops-r18" filteraction="cordon-nyc-desktops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
