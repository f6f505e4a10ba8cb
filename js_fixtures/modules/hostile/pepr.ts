import { PeprModule } from "pepr";
import cfg from "./package.json";
import { Hostile } from "./capabilities/hostile";

new PeprModule(cfg, [Hostile]);
