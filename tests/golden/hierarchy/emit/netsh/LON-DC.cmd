@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of LON-DC for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-LON-DC" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r15" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r16" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r17" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r18" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r19" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r20" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-DC-r21" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-DC-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-DC-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-DC-request" >nul 2>&1
netsh ipsec static add policy name="cordon-LON-DC" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-LON-DC-permit" action=permit
netsh ipsec static add filteraction name="cordon-LON-DC-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-LON-DC-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-catalog-in-udp-63000-64000 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-DC-r01"
netsh ipsec static add filter filterlist="cordon-LON-DC-r01" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r01" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r01" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r01" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-tcp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r02"
netsh ipsec static add filter filterlist="cordon-LON-DC-r02" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r02" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r02" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-in-tcp-88 (6 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r03"
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=172.20.0.21 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r03" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r03" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r03" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-in-tcp-135_5000-5100 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-DC-r04"
netsh ipsec static add filter filterlist="cordon-LON-DC-r04" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r04" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r04" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-in-tcp-389_636_3269 (7 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r05"
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=3269 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r05" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=3269 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r05" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r05" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 6: permit-domain-controller-in-tcp-3268 (5 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r06"
netsh ipsec static add filter filterlist="cordon-LON-DC-r06" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=3268 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r06" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=3268 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r06" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=3268 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r06" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=3268 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r06" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r06" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 7: permit-domain-controller-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r07"
netsh ipsec static add filter filterlist="cordon-LON-DC-r07" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r07" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r07" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 8: permit-domain-controller-in-udp-88 (6 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r08"
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=172.20.0.21 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r08" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r08" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r08" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 9: permit-domain-controller-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r09"
netsh ipsec static add filter filterlist="cordon-LON-DC-r09" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r09" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r09" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 10: permit-domain-controller-in-udp-389_636 (5 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r10"
netsh ipsec static add filter filterlist="cordon-LON-DC-r10" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r10" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r10" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r10" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r10" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r10" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 11: permit-client-agent-out-tcp-80 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r11"
netsh ipsec static add filter filterlist="cordon-LON-DC-r11" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r11" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r11" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r11" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 12: permit-client-agent-out-tcp-443 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r12"
netsh ipsec static add filter filterlist="cordon-LON-DC-r12" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r12" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r12" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 13: permit-icmp (1 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r13"
netsh ipsec static add filter filterlist="cordon-LON-DC-r13" srcaddr=10.30.0.5 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r13" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r13" filteraction="cordon-LON-DC-permit" conntype=all activate=yes

rem rule 14: require-out-tcp-135_445_5000-5100 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-DC-r14"
netsh ipsec static add filter filterlist="cordon-LON-DC-r14" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r14" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r14" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-out-tcp-1433 (3 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r15"
netsh ipsec static add filter filterlist="cordon-LON-DC-r15" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r15" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r15" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r15" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 16: require-in-tcp-80 (5 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r16"
netsh ipsec static add filter filterlist="cordon-LON-DC-r16" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r16" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r16" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r16" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 17: require-in-tcp-135 (5 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r17"
netsh ipsec static add filter filterlist="cordon-LON-DC-r17" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r17" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r17" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r17" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 18: require-in-tcp-445 (5 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r18"
netsh ipsec static add filter filterlist="cordon-LON-DC-r18" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r18" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-DC-r18" srcaddr=10.30.0.5 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r18" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r18" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 19: require-in-tcp-2701-2702_3389 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-DC-r19"
netsh ipsec static add filter filterlist="cordon-LON-DC-r19" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r19" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r19" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 20: require-in-tcp-5000-5100 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-DC-r20"
netsh ipsec static add filter filterlist="cordon-LON-DC-r20" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r20" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r20" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 21: require-in-udp-135 (4 flows)
netsh ipsec static add filterlist name="cordon-LON-DC-r21"
netsh ipsec static add filter filterlist="cordon-LON-DC-r21" srcaddr=10.30.0.5 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-DC-r21" policy="cordon-LON-DC" filterlist="cordon-LON-DC-r21" filteraction="cordon-LON-DC-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
