vrrp_instance API_VIP {
  priority ${node.vrrpPriority}
  virtual_ipaddress { ${cluster.apiLb.vip}/${cluster.apiLb.prefixLength} }
}
