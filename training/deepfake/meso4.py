"""MesoNet Meso4 (Afchar et al., 2018), written from its public architecture so the baseline weights
(../shared/weights/mesonet/Meso4_DF.pth, Apache-2.0) run in torch: input Nx3x256x256 in [0, 1], output P(real).
Layer layout checked against Meso4_DF.onnx (Keras flatten order: NHWC before the dense layers)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Meso4(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.b1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 8, 5, padding=2)
        self.b2 = nn.BatchNorm2d(8)
        self.c3 = nn.Conv2d(8, 16, 5, padding=2)
        self.b3 = nn.BatchNorm2d(16)
        self.c4 = nn.Conv2d(16, 16, 5, padding=2)
        self.b4 = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(1024, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, x):
        x = F.max_pool2d(self.b1(F.relu(self.c1(x))), 2)
        x = F.max_pool2d(self.b2(F.relu(self.c2(x))), 2)
        x = F.max_pool2d(self.b3(F.relu(self.c3(x))), 2)
        x = F.max_pool2d(self.b4(F.relu(self.c4(x))), 4)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        return torch.sigmoid(self.fc2(F.leaky_relu(self.fc1(x), 0.1)))


def load_meso4(path):
    net = Meso4()
    net.load_state_dict(torch.load(path, map_location='cpu'))
    return net.eval()
