@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of LON-SS for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
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
netsh ipsec static delete filteraction name="cordon-LON-SS-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SS-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SS-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-LON-SS" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-LON-SS-permit" action=permit
netsh ipsec static add filteraction name="cordon-LON-SS-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-LON-SS-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-catalog-out-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r01"
netsh ipsec static add filter filterlist="cordon-LON-SS-r01" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=9 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r01" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r01" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 2: permit-domain-controllers (4 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r02"
netsh ipsec static add filter filterlist="cordon-LON-SS-r02" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r02" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r02" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 3: permit-icmp (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r03"
netsh ipsec static add filter filterlist="cordon-LON-SS-r03" srcaddr=10.30.0.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r03" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r03" filteraction="cordon-LON-SS-permit" conntype=all activate=yes

rem rule 4: require-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r04"
netsh ipsec static add filter filterlist="cordon-LON-SS-r04" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r04" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r04" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r04" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 5: require-out-tcp-88_389_464_636_3268-3269 (7 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r05"
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=464 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3268 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r05" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3269 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r05" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r05" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 6: require-out-tcp-135_5000-5100 (16 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r06"
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r06" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r06" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r06" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 7: require-out-tcp-445 (8 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (8 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-LON-SS-r07"
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r07" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r07" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r07" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 8: require-out-tcp-1723 (2 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (2 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-LON-SS-r08"
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r08" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=1723 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r08" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r08" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 9: require-in-tcp-135_5000-5100 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r09"
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5000 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5001 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5002 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5003 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5004 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5005 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5006 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5007 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5008 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5009 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5010 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5011 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5012 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5013 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5014 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5015 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5016 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5017 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5018 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5019 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5020 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5021 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5022 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5023 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5024 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5025 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5026 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5027 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5028 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5029 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5030 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5031 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5032 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5033 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5034 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5035 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5036 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5037 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5038 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5039 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5040 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5041 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5042 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5043 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5044 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5045 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5046 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5047 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5048 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5049 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5050 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5051 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5052 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5053 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5054 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5055 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5056 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5057 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5058 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5059 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5060 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5061 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5062 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5063 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5064 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5065 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5066 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5067 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5068 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5069 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5070 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5071 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5072 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5073 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5074 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5075 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5076 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5077 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5078 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5079 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5080 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5081 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5082 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5083 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5084 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5085 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5086 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5087 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5088 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5089 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5090 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5091 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5092 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5093 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5094 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5095 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5096 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5097 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5098 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5099 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r09" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=5100 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r09" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r09" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 10: require-in-tcp-445 (6 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (6 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-LON-SS-r10"
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r10" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r10" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r10" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 11: require-in-tcp-1433 (3 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r11"
netsh ipsec static add filter filterlist="cordon-LON-SS-r11" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r11" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r11" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r11" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 12: require-in-tcp-1723 (2 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (2 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-LON-SS-r12"
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r12" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=1723 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r12" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r12" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 13: require-out-udp-88_123_389_464_636 (6 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r13"
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=123 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=464 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r13" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r13" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r13" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 14: require-out-udp-135 (7 flows)
netsh ipsec static add filterlist name="cordon-LON-SS-r14"
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=10.30.0.21 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SS-r14" srcaddr=10.30.0.10 srcmask=32 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SS-r14" policy="cordon-LON-SS" filterlist="cordon-LON-SS-r14" filteraction="cordon-LON-SS-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes
endlocal
