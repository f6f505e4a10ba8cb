import { PeprModule } from "pepr";
import cfg from "./package.json";
import { CelPolicy } from "./capabilities/cel-policy";

new PeprModule(cfg, [CelPolicy]);
