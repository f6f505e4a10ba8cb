import { PeprModule } from "pepr";
import cfg from "./package.json";
import { WatchTour, WatchScoped } from "./capabilities/watch-tour";

new PeprModule(cfg, [WatchTour, WatchScoped]);
