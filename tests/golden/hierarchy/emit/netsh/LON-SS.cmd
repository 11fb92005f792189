@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of LON-SS for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-LON-SS" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SS-r15" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SS-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SS-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SS-request" >nul 2>&1
netsh ipsec static add policy name="cordon-LON-SS" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-LON-SS-permit" action=permit
netsh ipsec static add filteraction name="cordon-LON-SS-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-LON-SS-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-catalog-out-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r01"
netsh ipsec static add filter filterlist="cordon-LON-SS-r01" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=9 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r01" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r01" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-tcp-53_135_5000-5100 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-SS-r02"
netsh ipsec static add filter filterlist="cordon-LON-SS-r02" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r02" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r02" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-out-tcp-88_389_636_3268-3269 (5 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-SS-r03"
netsh ipsec static add filter filterlist="cordon-LON-SS-r03" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r03" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r03" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r04"
netsh ipsec static add filter filterlist="cordon-LON-SS-r04" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r04" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r04" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-out-udp-88_389_636 (3 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r05"
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r05" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r05" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 6: permit-icmp (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r06"
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r06" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r06" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 7: require-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r07"
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r07" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r07" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 8: require-out-tcp-135_5000-5100 (14 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-SS-r08"
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r08" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r08" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-out-tcp-445 (7 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r09"
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r09" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r09" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-out-tcp-1723 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r10"
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r10" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r10" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-in-tcp-135_5000-5100 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-SS-r11"
netsh ipsec static add filter filterlist="cordon-LON-SS-r11" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r11" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r11" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-in-tcp-445 (6 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r12"
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r12" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r12" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 13: require-in-tcp-1433 (3 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r13"
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r13" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r13" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 14: require-in-tcp-1723 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r14"
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r14" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r14" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-out-udp-135 (7 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r15"
netsh ipsec static add filter filterlist="cordon-LON-SS-r15" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r15" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r15" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r15" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r15" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r15" filteraction="cordon-LON-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
