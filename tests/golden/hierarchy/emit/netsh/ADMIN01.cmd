@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of ADMIN01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-ADMIN01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r09" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-request" >nul 2>&1
rem Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.
reg add HKLM\SYSTEM\CurrentControlSet\Services\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul
netsh ipsec static add policy name="cordon-ADMIN01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-ADMIN01-permit" action=permit
netsh ipsec static add filteraction name="cordon-ADMIN01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-ADMIN01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-out-of-band-out-tcp-16992-16995 (8 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r01"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=16992 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=16993 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=16994 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=16995 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=16992 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=16993 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=16994 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=16995 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r01" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r01" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 2: permit-external-out-tcp-80 (1 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r02"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r02" srcaddr=10.20.5.50 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r02" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r02" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 3: permit-domain-controllers (12 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r03"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r03" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r03" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r03" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 4: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r04"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r04" srcaddr=10.20.5.50 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r04" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r04" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 5: require-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r05"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r05" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r05" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r05" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r05" filteraction="cordon-ADMIN01-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 6: require-out-tcp-135 (7 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (7 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-ADMIN01-r06"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r06" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r06" filteraction="cordon-ADMIN01-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 7: require-out-tcp-2701-2702_3389 (15 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r07"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=2701 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=2702 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=3389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=2701 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=2702 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=3389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=2701 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=2702 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=3389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=2701 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=2702 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=3389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=2701 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=2702 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3389 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r07" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r07" filteraction="cordon-ADMIN01-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 8: require-out-tcp-5000-5100 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-ADMIN01-r08"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r08" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r08" filteraction="cordon-ADMIN01-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes

rem rule 9: require-out-udp-135 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-ADMIN01-r09"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r09" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r09" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r09" filteraction="cordon-ADMIN01-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=yes
endlocal
