@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of NYC-SS for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-NYC-SS" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r15" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r16" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r17" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r18" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SS-r19" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SS-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SS-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SS-request" >nul 2>&1
netsh ipsec static add policy name="cordon-NYC-SS" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-NYC-SS-permit" action=permit
netsh ipsec static add filteraction name="cordon-NYC-SS-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-NYC-SS-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-out-of-band-out-tcp-16992-16993 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-SS-r01"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r01" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r01" srcaddr=10.20.1.10 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r01" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r01" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 2: permit-out-of-band-in-tcp-9971 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r02"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r02" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=9971 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r02" srcaddr=10.20.1.10 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=9971 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r02" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r02" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 3: permit-catalog-out-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r03"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r03" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=0 dstport=9 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r03" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r03" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100 (13 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-SS-r04"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r04" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r04" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r04" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-out-udp-53_88_135_389_636 (5 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r05"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r05" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r05" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r05" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r05" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r05" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r05" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r05" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 6: permit-client-agent-out-tcp-80 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r06"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r06" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r06" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r06" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r06" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 7: permit-client-agent-out-tcp-443 (3 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r07"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r07" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r07" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r07" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r07" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 8: permit-icmp (1 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r08"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r08" srcaddr=10.20.1.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r08" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r08" filteraction="cordon-NYC-SS-permit" conntype=all activate=yes

rem rule 9: require-out-tcp-135_5000-5100 (12 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-SS-r09"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r09" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r09" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r09" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r09" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r09" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-out-tcp-445 (9 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r10"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r10" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r10" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r10" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r10" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r10" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r10" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-out-tcp-1723 (1 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r11"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r11" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r11" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r11" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-in-tcp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r12"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r12" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r12" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r12" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r12" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 13: require-in-tcp-445 (6 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r13"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r13" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r13" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r13" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r13" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r13" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r13" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 14: require-in-tcp-1433 (4 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r14"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r14" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r14" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r14" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r14" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-in-tcp-1723 (1 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r15"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r15" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r15" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r15" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 16: require-in-tcp-2701-2702_3389 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-SS-r16"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r16" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r16" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r16" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 17: require-in-tcp-5000-5100 (1 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-SS-r17"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r17" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r17" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r17" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 18: require-out-udp-135 (6 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r18"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r18" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r18" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SS-r18" srcaddr=10.20.1.10 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r18" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r18" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 19: require-subnet-peers (9 flows)
netsh ipsec static add filterlist name="cordon-NYC-SS-r19"
netsh ipsec static add filter filterlist="cordon-NYC-SS-r19" srcaddr=10.20.1.10 srcmask=32 dstaddr=172.20.0.0 dstmask=24 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SS-r19" policy="cordon-NYC-SS" filterlist="cordon-NYC-SS-r19" filteraction="cordon-NYC-SS-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal
