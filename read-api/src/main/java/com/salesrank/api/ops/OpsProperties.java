package com.salesrank.api.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the ops page listens: a Tomcat connector of its own, apart from the public port.
 *
 * @param port    the ops port (SALESRANK_OPS_PORT; 0 picks a free one); unset: no ops port and no /ops
 * @param address the address it binds (SALESRANK_OPS_ADDRESS): loopback unless an operator's network
 *                needs more (a container publishes it on the host's loopback instead)
 */
@ConfigurationProperties("salesrank.ops")
record OpsProperties(Integer port, @DefaultValue("127.0.0.1") String address) {
}
