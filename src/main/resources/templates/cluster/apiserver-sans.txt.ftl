<#list cluster.apiserverSanIps as ip>
IP:${ip}
</#list>
<#list cluster.apiserverSanDns as dns>
DNS:${dns}
</#list>
