@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of CEN-SS for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-CEN-SS" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SS-r13" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SS-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SS-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SS-request" >nul 2>&1
netsh ipsec static add policy name="cordon-CEN-SS" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-CEN-SS-permit" action=permit
netsh ipsec static add filteraction name="cordon-CEN-SS-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-CEN-SS-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-external-out-tcp-443 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r01"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r01" srcaddr=10.20.0.10 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r01" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r01" filteraction="cordon-CEN-SS-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100 (10 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-CEN-SS-r02"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r02" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r02" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r02" filteraction="cordon-CEN-SS-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-out-udp-53_88_135_389_636 (5 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r03"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r03" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r03" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r03" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r03" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r03" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r03" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r03" filteraction="cordon-CEN-SS-permit" conntype=all activate=yes

rem rule 4: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r04"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r04" srcaddr=10.20.0.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r04" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r04" filteraction="cordon-CEN-SS-permit" conntype=all activate=yes

rem rule 5: require-out-tcp-135_5000-5100 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-CEN-SS-r05"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r05" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r05" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r05" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r05" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 6: require-out-tcp-445 (5 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r06"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r06" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r06" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r06" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r06" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r06" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r06" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 7: require-out-tcp-1433 (3 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r07"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r07" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r07" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r07" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 8: require-out-tcp-1723 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r08"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r08" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r08" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r08" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r08" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-in-tcp-135_5000-5100 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-CEN-SS-r09"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r09" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r09" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r09" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-in-tcp-445 (3 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r10"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r10" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r10" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r10" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r10" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r10" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-in-tcp-1723 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r11"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r11" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r11" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r11" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r11" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-out-udp-135 (3 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r12"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r12" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SS-r12" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r12" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r12" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 13: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SS-r13"
netsh ipsec static add filter filterlist="cordon-CEN-SS-r13" srcaddr=10.20.0.10 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SS-r13" policy="cordon-CEN-SS" filterlist="cordon-CEN-SS-r13" filteraction="cordon-CEN-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
