@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of lon-laptops for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-lon-laptops" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r15" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-lon-laptops-r16" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-lon-laptops-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-lon-laptops-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-lon-laptops-request" >nul 2>&1
netsh ipsec static add policy name="cordon-lon-laptops" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-lon-laptops-permit" action=permit
netsh ipsec static add filteraction name="cordon-lon-laptops-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-lon-laptops-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-catalog-out-udp-67_69_4011 (3 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r01"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r01" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=67 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r01" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=69 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r01" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=4011 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r01" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r01" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 2: permit-catalog-out-udp-63000-64000 (1 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-lon-laptops-r02"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r02" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r02" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r02" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 3: permit-catalog-in-udp-1-65535 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-lon-laptops-r03"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r03" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r03" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r03" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 4: permit-catalog-in-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r04"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r04" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=9 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r04" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r04" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-out-tcp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r05"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r05" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r05" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r05" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 6: permit-domain-controller-out-tcp-88_3268 (2 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r06"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r06" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r06" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3268 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r06" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r06" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 7: permit-domain-controller-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r07"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r07" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r07" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r07" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 8: permit-domain-controller-out-udp-88 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r08"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r08" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r08" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r08" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 9: permit-icmp (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r09"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r09" srcaddr=10.30.128.0 srcmask=18 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r09" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r09" filteraction="cordon-lon-laptops-permit" conntype=all activate=yes

rem rule 10: require-out-tcp-80 (6 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r10"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r10" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r10" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r10" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r10" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r10" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-out-tcp-443 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r11"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r11" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r11" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r11" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-out-tcp-445 (2 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r12"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r12" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r12" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r12" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r12" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 13: require-in-tcp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r13"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r13" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-lon-laptops-r13" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r13" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r13" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 14: require-in-tcp-445_5000-5100 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-lon-laptops-r14"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r14" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r14" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r14" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-in-tcp-2701-2702_3389 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-lon-laptops-r15"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r15" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r15" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r15" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 16: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-lon-laptops-r16"
netsh ipsec static add filter filterlist="cordon-lon-laptops-r16" srcaddr=10.30.128.0 srcmask=18 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-lon-laptops-r16" policy="cordon-lon-laptops" filterlist="cordon-lon-laptops-r16" filteraction="cordon-lon-laptops-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
