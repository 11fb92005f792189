@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of CEN-SLP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-CEN-SLP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r08" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-CEN-SLP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-CEN-SLP-permit" action=permit
netsh ipsec static add filteraction name="cordon-CEN-SLP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-CEN-SLP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-client-agent-in-tcp-80 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r01"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r01" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r01" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r01" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r01" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 2: permit-domain-controllers (12 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r02"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r02" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r02" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r02" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 3: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r03"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r03" srcaddr=10.20.0.12 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r03" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r03" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 4: require-out-tcp-445 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r04"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r04" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r04" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r04" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 5: require-out-tcp-1433 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r05"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r05" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r05" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r05" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 6: require-in-tcp-80 (3 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r06"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r06" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r06" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r06" srcaddr=10.20.0.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r06" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r06" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 7: require-in-tcp-135_445_5000-5100 (3 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (3 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r07"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5000 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5001 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5002 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5003 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5004 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5005 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5006 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5007 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5008 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5009 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5010 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5011 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5012 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5013 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5014 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5015 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5016 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5017 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5018 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5019 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5020 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5021 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5022 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5023 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5024 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5025 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5026 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5027 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5028 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5029 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5030 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5031 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5032 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5033 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5034 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5035 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5036 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5037 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5038 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5039 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5040 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5041 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5042 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5043 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5044 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5045 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5046 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5047 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5048 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5049 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5050 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5051 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5052 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5053 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5054 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5055 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5056 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5057 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5058 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5059 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5060 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5061 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5062 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5063 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5064 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5065 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5066 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5067 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5068 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5069 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5070 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5071 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5072 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5073 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5074 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5075 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5076 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5077 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5078 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5079 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5080 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5081 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5082 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5083 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5084 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5085 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5086 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5087 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5088 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5089 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5090 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5091 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5092 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5093 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5094 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5095 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5096 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5097 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5098 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5099 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=5100 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r07" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r07" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 8: require-in-udp-135 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r08"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r08" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r08" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r08" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes
endlocal
